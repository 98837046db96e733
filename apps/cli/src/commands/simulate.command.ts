import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseStrictJson } from '@ledger/contracts';
import { Dec } from '@ledger/kernel';
import { runSimulation } from '@ledger/simulation/application';
import { simulationDiffToCsv } from '@ledger/simulation/application';
import { parseSimulationRequest, type SimulationResult } from '@ledger/simulation/domain';
import { addDataDirOption, cliConfig, type DataDirOption } from '../cli-config';
import { usageError } from '../cli-error';
import { withUsageExitCodes } from '../command-exit-codes';
import { EXIT } from '../exit-codes';
import { openLedgerContext } from '../ledger-context';
import { progressBar } from '../progress-bar';
import { runCommand } from '../run-command';

interface SimulateOptions extends DataDirOption {
  policy?: string;
  plan?: string;
  from?: string;
  to?: string;
  retract?: string;
  riskPolicy?: string;
  out?: string;
  json?: boolean;
}

/** `simulate`: a read-only what-if replay of the stored history under a candidate policy and/or plan. */
export function registerSimulateCommand(program: Command): void {
  const command = program
    .command('simulate')
    .description(
      'replay the stored history under a candidate attribution policy and/or commission plan and show what would change (writes nothing)',
    )
    .option('--policy <file.json>', 'candidate attribution policy (SPEC §3 JSON); default: the policy in force')
    .option('--plan <file.json>', 'candidate commission plan (SPEC §4 JSON); default: the plan in force')
    .option('--from <iso>', 'compare only conversions at or after this business time')
    .option('--to <iso>', 'compare only conversions at or before this business time')
    .option('--retract <adoptionId>', 'simulate taking an adoption back (see GET /v1/attribution/policies) instead of adopting a policy')
    .option('--risk-policy <file.json>', 'candidate risk policy (SPEC §9 JSON): what it would have held next to the recorded flags')
    .option('--out <diff.csv>', 'write every changed conversion, partner by partner, as CSV')
    .option('--json', 'print the whole result as JSON instead of the summary');
  addDataDirOption(command).addHelpText(
    'after',
    `
Example:
  npm run ledger -- simulate --policy linear.json --out diff.csv

Exit status: 0 done, 1 the store could not be read, 2 bad arguments or an invalid policy or plan file.`,
  );
  withUsageExitCodes(command).action((options: SimulateOptions) => runCommand('simulate', () => simulate(options)));
}

function readJson(option: string, file: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw usageError(`${option} ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  // The same strict reader as request bodies: UTF-8, no repeated key, at most 64 levels.
  const parsed = parseStrictJson(bytes, { subject: 'the file' });
  if (!parsed.ok) throw usageError(parsed.errors.map((e) => `${option} ${file}: ${e.path ? `${e.path} ` : ''}${e.message}`).join('\n  '));
  return parsed.value;
}

async function simulate(options: SimulateOptions): Promise<number> {
  if (!options.policy && !options.plan && !options.retract && !options.riskPolicy)
    throw usageError(
      'name a candidate: --policy <file.json>, --plan <file.json> or both, --retract <adoptionId>, or --risk-policy <file.json>',
    );
  const request = parseSimulationRequest({
    ...(options.policy ? { policy: readJson('--policy', options.policy) } : {}),
    ...(options.plan ? { plan: readJson('--plan', options.plan) } : {}),
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
    ...(options.retract ? { retract: options.retract } : {}),
    ...(options.riskPolicy ? { riskPolicy: readJson('--risk-policy', options.riskPolicy) } : {}),
  });
  if (!request.ok) {
    const flag = (path: string) =>
      path.startsWith('riskPolicy')
        ? '--risk-policy'
        : path.startsWith('policy')
          ? '--policy'
          : path.startsWith('plan')
            ? '--plan'
            : `--${path}`;
    throw usageError(
      request.errors
        .map((e) => `${flag(e.path)}: ${e.path.replace(/^(riskPolicy|policy|plan)\.?/, '') || '(document)'} ${e.message}`)
        .join('\n  '),
    );
  }
  const context = await openLedgerContext(cliConfig(options), { liveProjections: false, mustExist: true });
  const bar = progressBar('simulating |{bar}| {value}/{total} events');
  let started = false;
  try {
    const result = await runSimulation(context.store, request.value, ({ eventsRead, totalEvents }) => {
      if (!started) {
        bar.start(totalEvents);
        started = true;
      }
      bar.update(eventsRead);
    });
    bar.stop();
    if (options.out) writeFileSync(options.out, simulationDiffToCsv(result));
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : summary(result, options.out));
    return EXIT.ok;
  } finally {
    bar.stop();
    await context.close();
  }
}

function summary(result: SimulationResult, out: string | undefined): string {
  const lines = [
    `${result.retract ? `retracting ${result.retract}` : `policy ${result.policyVersion ?? 'in force'}`}, plan ${result.planVersion}: ${result.eventsRead} events replayed, ${result.conversionsCompared} conversions compared, ${result.conversionsChanged} changed`,
    ...result.totals.map(
      (t) =>
        `  ${t.currency}: credited revenue ${t.currentRevenue} -> ${t.simulatedRevenue}; commission ${t.currentCommission} -> ${t.simulatedCommission} (${t.commissionDelta})`,
    ),
  ];
  const moved = result.partners.filter((p) => !new Dec(p.commissionDelta).isZero());
  if (moved.length > 0) {
    lines.push('partners whose commission changes most:');
    const magnitude = (p: (typeof moved)[number]) => new Dec(p.commissionDelta).abs();
    for (const p of [...moved].sort((a, b) => magnitude(b).comparedTo(magnitude(a))).slice(0, 10)) {
      lines.push(`  ${p.partnerId} ${p.currency}: ${p.currentCommission} -> ${p.simulatedCommission} (${p.commissionDelta})`);
    }
  }
  for (const t of result.tiers)
    lines.push(
      `  tier of ${t.partnerId}: ${t.currentTier} -> ${t.simulatedTier} (${t.simulatedHistory.map((step) => `${step.tier} from ${step.at.slice(0, 10)}`).join(', ')})`,
    );
  if (result.risk) {
    const side = (totals: Array<{ currency: string; flags: number; held: string }>) =>
      totals.length === 0 ? 'nothing' : totals.map((t) => `${t.flags} (${t.currency} ${t.held})`).join(', ');
    lines.push(
      `risk policy ${result.risk.policyVersion}: would hold ${side(result.risk.simulated)}; the recorded flags hold ${side(result.risk.current)} ` +
        `(${result.risk.added} more, ${result.risk.removed} fewer)`,
    );
  }
  if (out) lines.push(`diff written to ${out}`);
  return `${lines.join('\n')}\n`;
}
