// The scripted stand-in model lives in @openjarvis/stand-in (the CLI's demo runs on it);
// tests take it from here, beside the other peers.
export * from '@openjarvis/stand-in';
