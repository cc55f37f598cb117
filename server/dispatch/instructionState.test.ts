import assert from 'node:assert/strict';
import { test } from 'vitest';
import { INSTRUCTION_STATES, type InstructionState } from '../../protocol/instruction.ts';
import { stepOutcome, type StepOutcome } from './instructionState.ts';

const FINAL = ['done', 'refused', 'expired'];

// Every (from, to) pair, spelled out: a change to the machine must change this table on purpose.
const EXPECTED: Readonly<Record<InstructionState, Readonly<Record<InstructionState, StepOutcome>>>> = Object.freeze({
  issued: { issued: 'repeat', delivered: 'apply', acknowledged: 'apply', done: 'refuse', refused: 'apply', expired: 'apply' },
  delivered: { issued: 'refuse', delivered: 'repeat', acknowledged: 'apply', done: 'refuse', refused: 'apply', expired: 'apply' },
  acknowledged: { issued: 'refuse', delivered: 'repeat', acknowledged: 'repeat', done: 'apply', refused: 'apply', expired: 'refuse' },
  done: { issued: 'refuse', delivered: 'repeat', acknowledged: 'refuse', done: 'repeat', refused: 'refuse', expired: 'refuse' },
  refused: { issued: 'refuse', delivered: 'repeat', acknowledged: 'refuse', done: 'refuse', refused: 'repeat', expired: 'refuse' },
  expired: { issued: 'refuse', delivered: 'repeat', acknowledged: 'refuse', done: 'refuse', refused: 'refuse', expired: 'repeat' },
});

for (const from of INSTRUCTION_STATES) {
  for (const to of INSTRUCTION_STATES) {
    const expected = EXPECTED[from][to];
    test(`stepOutcome(${from} → ${to}) is ${expected}`, () => {
      assert.equal(stepOutcome(from, to), expected);
    });
  }
}

test('stepOutcome() never moves a final state anywhere', () => {
  for (const from of INSTRUCTION_STATES.filter((s) => FINAL.includes(s))) {
    for (const to of INSTRUCTION_STATES) assert.notEqual(stepOutcome(from, to), 'apply', `${from} → ${to}`);
  }
});
