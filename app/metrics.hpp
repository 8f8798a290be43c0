#pragma once
// The process's counters, gauges and histograms, rendered in Prometheus's text exposition format
// (https://prometheus.io/docs/instrumenting/exposition_formats/) for GET /metrics.
//
// One registry per process, as Prometheus client libraries have: the flows, the REST client's
// observer and the store wrapper add to it from any thread without being handed it. Every family
// is declared once in metrics.cpp (name, type, help, label names); labels never carry a guild, a
// user or a channel id, so the number of series stays small whatever the number of servers.
#include <initializer_list>
#include <string>
#include <string_view>

namespace app::metrics {

// Adds `by` to a counter.
void add(std::string_view family, std::initializer_list<std::string_view> labels = {}, double by = 1);
// Sets a gauge.
void set(std::string_view family, std::initializer_list<std::string_view> labels, double value);
// Records one observation of a histogram.
void observe(std::string_view family, std::initializer_list<std::string_view> labels, double value);
// Forgets every series of a gauge family (before it is set again from what is current).
void clear(std::string_view family);

// Everything, in the text format (version 0.0.4).
std::string render();

}  // namespace app::metrics
