import { createContext, useContext } from 'react';
import type { ConsoleModel } from './ConsoleModel.ts';

export const ModelContext = createContext<ConsoleModel | null>(null);

/** The console model; throws outside its provider so a wiring mistake fails loudly. */
export function useConsoleModel(): ConsoleModel {
  const model = useContext(ModelContext);
  if (!model) throw new Error('useConsoleModel() needs <ModelContext.Provider>');
  return model;
}
