// The dashboard `firn run` serves at GET / (with its metrics on): one self-contained HTML
// page, its CSS and script inline, nothing loaded from elsewhere (it must work without
// internet). The script polls GET /api/series (metrics/series_store.h) and GET /health
// every 2 s and draws on <canvas>, per table: records per commit over time, the
// file-size distribution (written by ingest, and read and written by compaction),
// freshness (end-to-end latency, and the delay inside firn, per commit) and, once
// compaction has run, files before and after each run; per topic: consumer lag over time
// and per partition.
//
// Every plot is a <canvas data-plot="KIND" data-table="T"> whose data-points attribute
// says how many data points it drew (0 with a "no data yet" note), so that a headless
// browser test can check that real data was plotted.
//
// Thread-safety: pure function.
#pragma once

#include <string>

namespace firn::observe {

// The whole page (HTML with inline CSS and JS).
std::string DashboardPage();

// Its parts (dashboard_html.cc, dashboard_script.cc).
extern const char* const kDashboardHtmlHead;  // up to and including <style>...</style>
extern const char* const kDashboardHtmlBody;  // the page body, before the script
extern const char* const kDashboardScript;    // the JS (no <script> tags)

}  // namespace firn::observe
