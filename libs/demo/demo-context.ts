import type { CompanyNames } from './company-names';
import type { DemoIds } from './demo-ids';
import type { EventAgenda } from './event-agenda';
import type { ProgramCalendar } from './program-calendar';
import type { RandomSource } from './random-source';

/** What every part of the generator shares: the seeded choices, the months, the plan of facts, names and ids. */
export interface DemoContext {
  random: RandomSource;
  calendar: ProgramCalendar;
  agenda: EventAgenda;
  companies: CompanyNames;
  ids: DemoIds;
}
