// Pareto frontiers and convex hulls.
#include <algorithm>
#include <numeric>

#include "infergy/error.hpp"
#include "infergy/stats.hpp"

namespace infergy::stats {

std::vector<size_t> pareto_front(const std::vector<double>& cost,
                                 const std::vector<double>& value) {
  if (cost.size() != value.size())
    throw InputError("pareto front: cost and value differ in length");
  std::vector<size_t> order(cost.size());
  std::iota(order.begin(), order.end(), 0);
  // Cheapest first; at equal cost the best value first, then the lowest index.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (cost[a] != cost[b]) return cost[a] < cost[b];
    return value[a] > value[b];
  });
  std::vector<size_t> front;
  for (size_t i : order) {
    // Walking by cost, a point is on the front only if it beats every cheaper value.
    if (front.empty() || value[i] > value[front.back()]) front.push_back(i);
  }
  return front;
}

std::vector<size_t> convex_hull(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) throw InputError("convex hull: x and y differ in length");
  std::vector<size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return x[a] != x[b] ? x[a] < x[b] : y[a] < y[b]; });
  order.erase(std::unique(order.begin(), order.end(),
                          [&](size_t a, size_t b) { return x[a] == x[b] && y[a] == y[b]; }),
              order.end());
  if (order.size() < 3) return order;
  auto cross = [&](size_t o, size_t a, size_t b) {
    return (x[a] - x[o]) * (y[b] - y[o]) - (y[a] - y[o]) * (x[b] - x[o]);
  };
  std::vector<size_t> hull(2 * order.size());
  size_t k = 0;
  for (size_t i : order) {  // lower hull
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], i) <= 0) --k;
    hull[k++] = i;
  }
  for (size_t t = order.size() - 1, lower = k + 1; t-- > 0;) {  // upper hull
    size_t i = order[t];
    while (k >= lower && cross(hull[k - 2], hull[k - 1], i) <= 0) --k;
    hull[k++] = i;
  }
  hull.resize(k - 1);
  // Start from the lowest, then leftmost, vertex.
  auto start = std::min_element(hull.begin(), hull.end(), [&](size_t a, size_t b) {
    return y[a] != y[b] ? y[a] < y[b] : x[a] < x[b];
  });
  std::rotate(hull.begin(), start, hull.end());
  return hull;
}

}  // namespace infergy::stats
