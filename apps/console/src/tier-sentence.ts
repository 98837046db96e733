import type { TierView } from './types';

/** "2 more sourced conversions and a certification for silver". */
export function tierSentence(tier: TierView): string {
  const next = tier.progress.next;
  if (!next) return `${tier.tier} is the highest tier.`;
  const open = tier.progress.requirements.filter((r) => !r.met);
  if (open.length === 0) return `Every requirement for ${next} is met; the promotion is booked with the next fact.`;
  const parts = open.map((r) => {
    const missing = Number(r.required) - Number(r.actual);
    if (r.metric === 'sourcedConversions') return `${missing} more sourced conversion${missing === 1 ? '' : 's'}`;
    if (r.metric === 'certifications') return missing === 1 ? 'a certification' : `${missing} more certifications`;
    return `${r.currency ?? ''} ${missing} more credited revenue`.trim();
  });
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `${list.charAt(0).toUpperCase()}${list.slice(1)} for ${next}.`;
}
