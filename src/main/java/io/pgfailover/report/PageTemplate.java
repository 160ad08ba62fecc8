package io.pgfailover.report;

/**
 * Gatling 3.16's page chrome (head, theme toggle, menus), so the failover page looks like and sits
 * beside the report's own pages. Everything is loaded from the report folder.
 */
final class PageTemplate {
  private PageTemplate() {}

  /**
   * @param detailsHref the report's "Details" page, or null when unknown
   * @param nav, body already-escaped HTML; script: JavaScript run once the page has loaded
   */
  static String page(String title, String detailsHref, String nav, String body, String script) {
    String details =
        detailsHref == null
            ? ""
            : "            <div class=\"item\"><a href=\""
                + Html.esc(detailsHref)
                + "\">Details</a></div>\n";
    return HEAD.replace("@TITLE@", Html.esc(title))
        + "<div class=\"container details\">\n  <div class=\"nav\">\n    <ul>"
        + nav
        + "</ul>\n"
        + "  </div>\n  <div class=\"cadre\">\n    <div class=\"content\">\n"
        + "      <div class=\"content-header\">\n        <div class=\"onglet\">"
        + Html.esc(title)
        + "</div>\n        <div class=\"sous-menu\" id=\"sousMenu\">\n"
        + "          <div class=\"sous-menu-spacer\">\n"
        + "            <div class=\"item\"><a href=\"index.html\">Global</a></div>\n"
        + details
        + "            <div class=\"item ouvert\"><a href=\"failover.html\">Failover</a>"
        + "</div>\n          </div>\n        </div>\n      </div>\n"
        + "      <div class=\"content-in\">\n        <div class=\"container-article\">\n"
        + "          <div class=\"article pgf\">\n"
        + body
        + "          </div>\n        </div>\n"
        + "      </div>\n    </div>\n  </div>\n</div>\n"
        + "<script>\nwindow.addEventListener('load', function () {\n"
        + script
        + "});\n</script>\n"
        + "</div>\n</body>\n</html>\n";
  }

  private static final String HEAD =
      """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="UTF-8">
      <link rel="shortcut icon" type="image/x-icon" href="style/favicon.ico">
      <link href="style/style.css" rel="stylesheet" type="text/css">
      <link href="style/bootstrap.min.css" rel="stylesheet" type="text/css">
      <script src="js/highstock.js"></script>
      <script src="js/theme.js"></script>
      <title>Gatling Stats - @TITLE@</title>
      <style>
        .pgf .pgf-title { font-size: var(--gatling-font-size-section, 18px); margin: 24px 0 8px; }
        .pgf .pgf-text { margin: 6px 0; }
        .pgf .pgf-scroll { overflow-x: auto; margin-bottom: 12px; }
        .pgf .pgf-table { border-collapse: collapse; width: 100%; font-size: 13px;
          background: var(--gatling-background-light-color, #fff); }
        .pgf .pgf-table th, .pgf .pgf-table td { border: 1px solid var(--gatling-border-color, #ddd);
          padding: 4px 8px; text-align: left; vertical-align: top; }
        .pgf .pgf-table th { font-weight: var(--gatling-font-weight-bold, 700); }
        .pgf .pgf-bad { color: var(--gatling-danger-color, #f15b4f); font-weight: 600; }
        .pgf .pgf-chart { padding: 4px; }
        .pgf .pgf-headline { margin: 0 0 8px; padding-left: 20px; font-size: 15px; }
        .pgf .pgf-headline li { margin: 2px 0; }
        .pgf .pgf-slo { margin: 8px 0 12px; padding: 8px 12px; border-radius: 4px; font-size: 15px;
          color: #fff; }
        .pgf .pgf-slo ul { margin: 4px 0 0; padding-left: 20px; font-size: 13px; }
        .pgf .pgf-slo-ok { background: #2e8b3d; }
        .pgf .pgf-slo-bad { background: #c0392b; }
      </style>
      </head>
      <body>
      <script>
        const storedTheme = localStorage.getItem('theme') || (window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
        if (storedTheme) document.documentElement.setAttribute('data-theme', storedTheme)
        function toggleTheme() {
          const currentTheme = document.documentElement.getAttribute("data-theme");
          const targetTheme = currentTheme === "light" ? "dark" : "light";
          document.documentElement.setAttribute('data-theme', targetTheme)
          localStorage.setItem('theme', targetTheme);
        };
      </script>
      <div class="app-container">
      <div class="frise"></div>
      <div class="head">
        <div class="gatling-open-source">
          <a class="gatling-logo gatling-logo-light" href="index.html" title="Back to the Gatling report"><img alt="Gatling" src="style/logo-light.svg"></a>
          <a class="gatling-logo gatling-logo-dark" href="index.html" title="Back to the Gatling report"><img alt="Gatling" src="style/logo-dark.svg"></a>
        </div>
        <div class="nav spacer"></div>
        <button id="theme-toggle" class="theme-toggle" type="button" onclick="toggleTheme()" aria-label="Toggle user interface mode">
          <span class="toggle-dark"><svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" class="feather feather-moon"><path d="M21 12.79A9 9 0 1 1 11.21 3 7 7 0 0 0 21 12.79z"></path></svg></span>
          <span class="toggle-light"><svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" class="feather feather-sun"><circle cx="12" cy="12" r="5"></circle><line x1="12" y1="1" x2="12" y2="3"></line><line x1="12" y1="21" x2="12" y2="23"></line><line x1="4.22" y1="4.22" x2="5.64" y2="5.64"></line><line x1="18.36" y1="18.36" x2="19.78" y2="19.78"></line><line x1="1" y1="12" x2="3" y2="12"></line><line x1="21" y1="12" x2="23" y2="12"></line><line x1="4.22" y1="19.78" x2="5.64" y2="18.36"></line><line x1="18.36" y1="5.64" x2="19.78" y2="4.22"></line></svg></span>
        </button>
      </div>
      """;
}
