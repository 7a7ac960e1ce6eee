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
