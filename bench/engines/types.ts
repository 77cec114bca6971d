// What the engine scenarios need from an engine: run one instance of a prepared model to its end.

export interface EngineRun {
  /** Elements completed plus sequence flows taken; 0 unless counting was asked for. */
  transitions: number;
  /** Variables at the end, to check both engines computed the same thing. */
  variables: Record<string, unknown>;
}

export interface EngineRunner {
  name: string;
  /** Runs one instance to completion. Counting transitions may cost time: only calibration asks. */
  run(countTransitions: boolean): Promise<EngineRun>;
}
