// The JSON the server's API returns (docs/api.md).
export interface Setup {
  name: string;
  gpu: string;
  runtime: string;
  source: string;
  model_count: number;
  test_sets: string[];
}

export interface Model {
  name: string;
  input_size_px: number | null;
  family: string;
  accuracy_pct: Record<string, number>;
  energy_j: number;
  throughput_items_per_s: number | null;
  latency_s: number | null;
  batch_size: number | null;
  flop_count: number | null;
  parameter_count: number | null;
  url: string;
}

export interface ModelsReply {
  setup: Setup;
  models: Model[];
}

export interface Figure {
  name: string;
  url: string;
}
