import { useEffect } from 'react';
import type { ActionView } from '../../../protocol/action.ts';
import { useStoreSelector } from '../../lib/useStoreSelector.ts';
import type { ConsoleModel } from '../ConsoleModel.ts';

/** Default geofence when an action names none (metres). */
const DEFAULT_RADIUS_M = 200;

/**
 * Opens the room of one action: follows it (so its officers see who watches, and talks and chat reach
 * this console; followed again after every reconnect by ActionsModel.resync), aims the map at its site
 * with the geofence, and targets the composer at its teams. Returns the action, null until known.
 */
export function useActionRoom(model: ConsoleModel, actionId: string): ActionView | null {
  const action = useStoreSelector(model.actions.actions, (list: readonly ActionView[]) => list.find((a) => a.id === actionId) ?? null);
  useEffect(() => {
    void model.actions.follow(actionId);
  }, [model, actionId]);
  // The site (not every team move) decides where the map looks.
  const lng = action?.lng;
  const lat = action?.lat;
  const radius = action?.siteRadiusM;
  useEffect(() => {
    const current = model.actions.actions.get().find((a) => a.id === actionId);
    if (!current || lng === undefined || lat === undefined) return;
    model.map.geofence.set({ lng, lat, radiusM: radius || DEFAULT_RADIUS_M });
    model.map.flyTo(lng, lat, 15.5);
    if (model.dispatch.targetAction.get()?.id !== actionId) model.dispatch.pickAction(current);
  }, [model, actionId, lng, lat, radius]);
  return action;
}
