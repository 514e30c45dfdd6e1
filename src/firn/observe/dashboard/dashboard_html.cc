// The dashboard's markup and style (see dashboard_page.h).
#include "firn/observe/dashboard/dashboard_page.h"

namespace firn::observe {

const char* const kDashboardHtmlHead = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>firn</title>
<style>
  :root { --fg: #1d2330; --muted: #6b7280; --line: #e5e7eb; --bg: #f7f8fa; --card: #fff; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
  header { display: flex; align-items: baseline; gap: 24px; padding: 12px 20px; background: #16324f; color: #fff; flex-wrap: wrap; }
  header h1 { margin: 0; font-size: 20px; letter-spacing: .5px; }
  header .stat { font-size: 13px; opacity: .9; }
  header .stat b { font-size: 15px; }
  #status.ok { color: #7ee2a8; } #status.bad { color: #ffb4a8; }
  main { padding: 12px 20px 24px; }
  section { margin: 0 0 18px; }
  section h2 { font-size: 16px; margin: 8px 0 2px; }
  section .summary { color: var(--muted); font-size: 12px; margin-bottom: 8px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(290px, 1fr)); gap: 12px; }
  .panel { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px 6px; }
  .panel h3 { margin: 0 0 4px; font-size: 13px; font-weight: 600; }
  .panel canvas { width: 100%; height: 180px; display: block; }
  .legend { font-size: 11px; color: var(--muted); min-height: 14px; }
  .legend span { margin-right: 12px; white-space: nowrap; }
  .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: -1px; border-radius: 2px; }
  #banner { display: none; background: #fde8e4; color: #8a1c0c; padding: 8px 20px; }
  .none { color: var(--muted); }
</style>
</head>
)html";

const char* const kDashboardHtmlBody = R"html(<body>
<header>
  <h1>firn</h1>
  <span class="stat">status <b id="status">&hellip;</b></span>
  <span class="stat">up <b id="uptime">-</b></span>
  <span class="stat">records in <b id="records">-</b></span>
  <span class="stat">commits <b id="commits">-</b></span>
  <span class="stat">dead-lettered <b id="dlq">-</b></span>
  <span class="stat">lag <b id="lag">-</b></span>
  <span class="stat" id="updated"></span>
</header>
<div id="banner">firn does not answer: the process has stopped, or the network is down.</div>
<main>
  <div id="tables"><p class="none">No table has committed yet.</p></div>
  <div id="topics"></div>
</main>
)html";

std::string DashboardPage() {
  std::string page = kDashboardHtmlHead;
  page += kDashboardHtmlBody;
  page += "<script>\n";
  page += kDashboardScript;
  page += "</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace firn::observe
