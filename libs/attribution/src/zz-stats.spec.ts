import fc from 'fast-check';
import { replay } from './replay';
import { historyArbitrary, optionsArbitrary } from './testing/arbitraries';
test('stats', () => {
  let decisions = 0, credited = 0, multi = 0, recurring = 0, rejections = 0, zeroRev = 0, regWins = 0, coupon = 0, reserved = 0;
  for (const [events, options] of fc.sample(fc.tuple(historyArbitrary, optionsArbitrary), { numRuns: 300, seed: 1 })) {
    for (const o of replay(events, options).outputs) {
      if (o.kind === 'registration_rejected') { rejections++; continue; }
      decisions++;
      if (o.decision.credits.length) credited++;
      if (o.decision.credits.length > 1) multi++;
      if (o.decision.basis === 'recurring' && o.decision.credits.length) recurring++;
      if (o.decision.credits.some((c) => /^0\.?0*$/.test(c.revenue))) zeroRev++;
      if (o.decision.candidates.some((c) => c.outcome === 'won' && c.channel === 'deal_registration')) regWins++;
      if (o.decision.candidates.some((c) => c.outcome === 'won' && c.channel === 'coupon')) coupon++;
      if (o.decision.candidates.some((c) => /reserved/.test(c.reason))) reserved++;
    }
  }
  console.log({ decisions, credited, multi, recurring, rejections, zeroRev, regWins, coupon, reserved });
});
