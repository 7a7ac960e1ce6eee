// Units in one place: SI prefixes, multiply-adds to FLOPs, and the conversions at
// the edges. Inside infergy quantities are joules, watts, seconds, bytes and FLOPs
// (DESIGN.md); a factor like 1e9 or a MAC's 2 FLOPs is written here and nowhere else.
//
// Conversions to a smaller prefix divide by an exact power of ten (x / 1e3) rather
// than multiply by an inexact one (x * 1e-3): the result is correctly rounded, and
// it is what the code did before these helpers existed.
#pragma once

namespace infergy::units {

// ---------------------------------------------------------------- SI prefixes
inline constexpr double kPeta = 1e15;
inline constexpr double kTera = 1e12;
inline constexpr double kGiga = 1e9;
inline constexpr double kMega = 1e6;
inline constexpr double kKilo = 1e3;
inline constexpr double kMilli = 1e-3;
inline constexpr double kMicro = 1e-6;

// 4.1 (G) -> 4.1e9, and back.
constexpr double from_tera(double value) { return value * kTera; }
constexpr double from_giga(double value) { return value * kGiga; }
constexpr double from_mega(double value) { return value * kMega; }
constexpr double to_tera(double value) { return value / kTera; }
constexpr double to_giga(double value) { return value / kGiga; }
constexpr double to_mega(double value) { return value / kMega; }
constexpr double to_kilo(double value) { return value / kKilo; }
// 26.75 (m) -> 0.02675, and back.
constexpr double from_milli(double value) { return value / kKilo; }
constexpr double to_milli(double value) { return value * kKilo; }
constexpr double from_micro(double value) { return value / kMega; }

// ---------------------------------------------------------------- compute
// A multiply-add (MAC) is 2 FLOPs (DESIGN.md). Integer counts stay integers.
inline constexpr int kFlopPerMac = 2;
template <class Count>
constexpr Count flop_count_from_macs(Count macs) {
  return kFlopPerMac * macs;
}

// ---------------------------------------------------------------- energy, power, time
constexpr double joules_from_millijoules(double mj) { return from_milli(mj); }
constexpr double joules_from_microjoules(double uj) { return from_micro(uj); }
constexpr double watts_from_milliwatts(double mw) { return from_milli(mw); }
constexpr double seconds_from_milliseconds(double ms) { return from_milli(ms); }

inline constexpr double kSecondsPerMinute = 60;
inline constexpr double kSecondsPerHour = 3600;
inline constexpr double kSecondsPerDay = 86400;
inline constexpr double kSecondsPerJulianYear = 365.25 * kSecondsPerDay;
inline constexpr double kJoulesPerKwh = 3.6e6;
inline constexpr double kJoulesPerKcal = 4184;  // the thermochemical kilocalorie

}  // namespace infergy::units
