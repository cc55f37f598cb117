import { shallowEqual } from '../../../lib/shallowEqual.ts';
import { useStoreSelector } from '../../../lib/useStoreSelector.ts';
import type { CourtOverviewModel, OverviewState } from '../../courts/CourtOverviewModel.ts';

const names = (state: OverviewState): ReadonlyMap<string, string> =>
  new Map(state.kind === 'ready' ? state.courts.map((c) => [c.id, c.shortName]) : []);

/** Court short names by id, from the court overview already loaded; its minutely count refresh leaves them alone. */
export function useCourtNames(courts: CourtOverviewModel): ReadonlyMap<string, string> {
  return useStoreSelector(courts.state, names, shallowEqual);
}
