// The progress of a sweep on stderr: one line updated in place on a terminal (batch k of
// n, elapsed, ETA, reps, current J/item +- CI), plain lines every few seconds otherwise.
#pragma once
#include <ostream>
#include <string>

#include "infergy/measure.hpp"

namespace infergy::cli {

class ProgressDisplay {
 public:
  // terminal: rewrite one line with \r (stderr is a TTY); else append plain lines.
  ProgressDisplay(std::ostream& err, bool terminal) : err_(err), terminal_(terminal) {}
  void update(const measure::Progress& p);
  // Clears the live line and prints the finished batch size's summary.
  void batch_done(const measure::BatchResult& b);
  // Clears the live line (before other messages).
  void clear();

  // "batch 3/8 (size 4): 12.3 s, ETA 0:45, 1520 reps, 0.01234 J/item +-1.8%"
  static std::string line(const measure::Progress& p, double eta_s);

 private:
  double eta_s(const measure::Progress& p) const;

  std::ostream& err_;
  bool terminal_;
  bool live_ = false;           // a live line is on screen
  double last_plain_s_ = -1e9;  // elapsed time of the last plain line, per batch size
  int last_batch_ = 0;
  double done_s_ = 0;  // time of the batch sizes finished in this session
  int done_ = 0;
};

}  // namespace infergy::cli
