export {
  freePort,
  startNatsServer,
  type TestNatsServer,
} from './start-nats-server.js';
