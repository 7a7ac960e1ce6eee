// The JSON the server's API returns (docs/api.md).
export interface Setup {
  name: string;
  gpu: string;
  runtime: string;
  source: string;
  origin: string;
  imported_at: string;
  model_count: number;
  estimated: boolean;
  test_sets: string[]; // "imagenet-original" first when present
}

// One model in one setup (compare::to_json(ModelPoint)); 0 throughput/latency = unknown.
export interface Model {
  model: string;
  family: string;
  architecture: string; // "CNN", "Transformer", "Hybrid", "MLP", "Other"
  input_px: number; // 0 = unknown
  accuracy_pct_by_test_set: Record<string, number>;
  energy_j: number;
  throughput_items_per_s: number;
  latency_s: number;
  batch_size: number | null;
  params: number | null;
  macs: number | null;
  flop_count: number | null;
  activations: number | null;
  url: string;
  release_date: string | null;
}

export interface ModelsReply {
  setup: Setup;
  models: Model[];
}

// One figure of figures/index.json (written by `infergy report`); paths relative to "/".
export interface Figure {
  study: string;
  number: number;
  stem: string;
  title: string;
  caption: string;
  svg: string;
  png: string;
  data: string;
}

export interface FigureIndex {
  figures: Figure[];
}

// One stored run in GET /api/runs (newest first).
export interface RunSummary {
  run_id: number;
  kind: string;
  workload: string;
  device: string;
  sensor: string;
  simulated: boolean;
  protocol: string;
  started_at: string;
  ended_at: string;
  status: string;
  batch_sizes: number[];
  best_batch_size: number | null;
  best_energy_per_item_j: number | null;
  samples_kept: boolean;
}

export interface RunsReply {
  runs: RunSummary[];
  gpus: { name: string; tdp_w: number }[];
}

// One batch size of a run (measure::BatchResult's stored fields; the ones drawn here).
export interface RunBatch {
  batch_size: number;
  reps: number;
  energy_per_item_j: number;
  energy_per_item_ci95_j: number | null; // null below two repetitions
  throughput_items_per_s: number;
  latency_mean_s: number;
  latency_p50_s: number;
  latency_p99_s: number;
  avg_power_w: number;
  duration_s: number;
  stop_reason: string;
}

// GET /api/run?id=N[&gpu=NAME]: the summary's fields and the run in full.
export interface RunDetail extends RunSummary {
  status_reason: string;
  batches: RunBatch[];
  tdp: { gpu: string; tdp_w: number; source: "run" | "query" } | null;
  samples: { batch_size: number; time_s: number[]; power_w: number[] }[];
}
