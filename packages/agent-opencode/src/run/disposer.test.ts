import { describe, expect, it } from 'vitest';
import { Disposer } from './disposer.js';

describe('Disposer', () => {
  it('undoes last first when the scope is left', () => {
    const undone: string[] = [];
    {
      using scope = new Disposer();
      scope.defer(() => undone.push('timer'));
      scope.defer(() => undone.push('subscription'));
      expect(undone).toEqual([]);
    }
    expect(undone).toEqual(['subscription', 'timer']);
  });

  it('runs every undo even after one throws, then throws the first error', () => {
    const undone: string[] = [];
    const leave = () => {
      using scope = new Disposer();
      scope.defer(() => undone.push('first'));
      scope.defer(() => {
        throw new Error('undo failed');
      });
      scope.defer(() => undone.push('last'));
    };
    expect(leave).toThrow('undo failed');
    expect(undone).toEqual(['last', 'first']);
  });

  it('undoes at once what is deferred after the scope was left', () => {
    const scope = new Disposer();
    scope[Symbol.dispose]();
    let undone = false;
    scope.defer(() => {
      undone = true;
    });
    expect(undone).toBe(true);
  });
});
