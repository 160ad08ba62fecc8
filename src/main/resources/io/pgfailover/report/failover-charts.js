// Draws the failover page's two charts with the report's Highstock 5.0.3 from `pgfData`
// (written inline by PageCharts). Plain ES5: Gatling's own pages use no build step either.
(function () {
  var colors = ['#5E7BE2', '#FFA900', '#9b59b6', '#1abc9c', '#34495e', '#e67e22'];
  var koColors = ['#f15b4f', '#b03a2e', '#e84393', '#922b21', '#d35400', '#78281f'];
  var okColor = '#68b65c';
  var d = pgfData;
  var endpoints = d.endpoints, n = endpoints.length;

  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
  // Points at the centre of each bucket, so a 100 ms bucket is drawn over its own 100 ms.
  function pairs(start, step, values) {
    var out = [];
    for (var i = 0; i < values.length; i++) { out.push([start + i * step + step / 2, values[i]]); }
    return out;
  }

  // Default view: the failover, from 10 s before the first window to 10 s after the last one.
  var first = null, last = null;
  endpoints.forEach(function (e) {
    e.windows.forEach(function (w) {
      first = first === null ? w.from : Math.min(first, w.from);
      last = last === null ? w.to : Math.max(last, w.to);
    });
  });
  if (first === null && d.askedMs !== null) { first = d.askedMs; last = d.askedMs; }
  var viewMin = first === null ? null : first - d.marginMs;
  var viewMax = last === null ? null : last + d.marginMs;

  // Highstock 5.0.3 never draws plot-line labels in today's browsers (it skips any path with a
  // `flat` property, and every array has Array.prototype.flat now), so the event labels are drawn
  // here, on each redraw. A label goes on the first row where it does not overlap the label
  // before it: events within a label's width (asked, new primary, returned, timeline often fall
  // within 2 s) are stacked rather than drawn over each other.
  // A failover-start (one per round of a series or fault matrix) is a solid blue line whose label
  // names its round, so the rounds stand out among the trigger's own numbered events.
  var roundColor = '#2f5fd0';
  var eventLines = d.events.map(function (ev) {
    return ev.failover
      ? { value: ev.at, color: roundColor, width: 2, zIndex: 6 }
      : { value: ev.at, color: '#555', width: 1, dashStyle: 'Dash', zIndex: 5 };
  });
  function drawEventLabels(c, withNames) {
    (c.pgfLabels || []).forEach(function (l) { l.destroy(); });
    c.pgfLabels = [];
    var axis = c.xAxis[0], rowsEnd = [], right = c.plotLeft + c.plotWidth;
    d.events.forEach(function (ev, i) {
      var px = axis.toPixels(ev.at);
      if (px < c.plotLeft || px > right) { return; }
      var row = 0;
      while (row < rowsEnd.length && rowsEnd[row] > px) { row++; }
      var text = ev.failover ? (i + 1) + ' \u25B6 ' + (withNames ? 'failover ' + ev.failover
          : ev.failover.split(' ')[0]) : (i + 1) + (withNames ? ' ' + ev.name : '');
      var label = c.renderer.label(esc(text), px + 2, c.plotTop + 1 + 13 * row)
        .attr({ fill: 'rgba(255, 255, 255, 0.85)', padding: 1, r: 2, zIndex: 7 })
        .css({ fontSize: '10px', color: ev.failover ? roundColor : '#222',
          fontWeight: ev.failover ? 'bold' : 'normal' }).add();
      var width = label.getBBox().width;
      if (px + 2 + width > right) { label.attr({ x: px - 2 - width }); }
      rowsEnd[row] = px + width + 6;
      c.pgfLabels.push(label);
    });
  }

  var xAxisBase = {
    type: 'datetime', ordinal: false, min: viewMin, max: viewMax, minRange: 500,
    title: { text: 'wall clock, ' + esc(d.zoneLabel) },
    dateTimeLabelFormats: { millisecond: '%H:%M:%S.%L', second: '%H:%M:%S', minute: '%H:%M' },
    events: { afterSetExtremes: sync }
  };
  var charts = [];
  function sync(e) {
    if (e.trigger === 'sync') { return; }
    charts.forEach(function (c) {
      var x = c.xAxis[0];
      if (x !== this && (x.min !== e.min || x.max !== e.max)) {
        x.setExtremes(e.min, e.max, true, false, { trigger: 'sync' });
      }
    }, this);
  }
  function merge(a, b) {
    var out = {}, k;
    for (k in a) { out[k] = a[k]; }
    for (k in b) { out[k] = b[k]; }
    return out;
  }
  function chart(id, title, height, series, yAxis, xAxis, eventNames) {
    function labels() { drawEventLabels(this, eventNames); }
    var c = new Highcharts.StockChart({
      chart: { renderTo: id, zoomType: 'x', height: height,
        events: { load: labels, redraw: labels } },
      credits: { enabled: false },
      title: { text: '<span class="chart_title">' + esc(title) + '</span>', useHTML: true },
      legend: { enabled: true, borderWidth: 0, itemStyle: { fontWeight: 'normal' } },
      rangeSelector: { enabled: false },
      navigator: { maskInside: false, baseSeries: 0 },
      scrollbar: { enabled: false },
      plotOptions: { series: { dataGrouping: grouping('average'), turboThreshold: 0,
        animation: false } },
      tooltip: { split: false, shared: true, xDateFormat: '%H:%M:%S.%L', valueDecimals: 0 },
      xAxis: xAxis, yAxis: yAxis, series: series
    });
    charts.push(c);
    return c;
  }

  // A long run has too many buckets to draw (3 hours: 108,000 per endpoint and series): zoomed
  // out, Highstock groups them, a point per 2 pixels. OK shows the mean per bucket of each group
  // (the scale stays "per bucket"), KO the most in one bucket (a lone failure stays visible).
  // Zoomed in to the buckets themselves, nothing is grouped. The windows are never grouped.
  function grouping(approximation) {
    return { enabled: true, approximation: approximation, groupPixelWidth: 2,
      units: [['millisecond', [d.bucketMs]], ['second', [1, 2, 5, 10, 15, 30]],
        ['minute', [1, 2, 5, 10, 15, 30]], ['hour', [1, 2, 6, 12]]] };
  }
  var exact = { enabled: false };

  Highcharts.setOptions({ global: { useUTC: true, timezoneOffset: d.timezoneOffsetMinutes } });

  // 1. OK and KO per bucket, one pane per endpoint, its downtime windows shaded in its pane.
  var paneTopPct = 10, paneGapPct = 4, paneHeightPct = (100 - paneTopPct) / n - paneGapPct;
  var okMax = 1;
  endpoints.forEach(function (e) {
    e.ok.forEach(function (v) { okMax = Math.max(okMax, v); });
    e.ko.forEach(function (v) { okMax = Math.max(okMax, v); });
  });
  var tlAxes = [], tlSeries = [];
  endpoints.forEach(function (e, i) {
    var color = colors[i % colors.length];
    tlAxes.push({ top: (paneTopPct + i * (paneHeightPct + paneGapPct)) + '%',
      height: paneHeightPct + '%', offset: 0, min: 0, max: okMax, opposite: false,
      lineWidth: 1, title: { text: esc(e.name), style: { color: color } } });
    tlSeries.push({ name: e.name + ' OK', type: 'area', step: 'center', yAxis: i,
      color: color, fillOpacity: 0.25, lineWidth: 1, zIndex: 2,
      data: pairs(e.bucketStart, e.bucketMs, e.ok) });
    tlSeries.push({ name: e.name + ' KO', type: 'column', yAxis: i, color: koColors[0],
      pointRange: e.bucketMs, pointPadding: 0, groupPadding: 0, borderWidth: 0, zIndex: 3,
      dataGrouping: grouping('high'), data: pairs(e.bucketStart, e.bucketMs, e.ko) });
    var shade = [];
    e.windows.forEach(function (w) {
      shade.push({ x: w.from, y: okMax, dataLabels: { enabled: true, align: 'left', x: 2,
        y: 14, crop: false, overflow: 'none', format: esc(w.label),
        style: { color: '#b03a2e', fontSize: '10px', textOutline: 'none' } } });
      shade.push({ x: w.to, y: okMax });
      shade.push({ x: w.to + 1, y: null });
    });
    tlSeries.push({ name: e.name + ' down', type: 'area', yAxis: i, color: koColors[0],
      fillOpacity: 0.18, lineWidth: 0, zIndex: 1, enableMouseTracking: false, showInLegend: false,
      marker: { enabled: false }, dataGrouping: exact, data: shade });
    // the path's own windows (the probe outside the pool): a blue band over the top fifth of the
    // pane, so the time the workload stayed down after its path was back shows as red beyond it
    var pathShade = [];
    (e.pathWindows || []).forEach(function (w) {
      pathShade.push({ x: w.from, y: okMax, dataLabels: { enabled: true, align: 'left', x: 2,
        y: -2, crop: false, overflow: 'none', format: 'path ' + esc(w.label),
        style: { color: '#2f5fd0', fontSize: '10px', textOutline: 'none' } } });
      pathShade.push({ x: w.to, y: okMax });
      pathShade.push({ x: w.to + 1, y: null });
    });
    tlSeries.push({ name: e.name + ' path down', type: 'area', yAxis: i, color: '#2f5fd0',
      threshold: okMax * 0.8, fillOpacity: 0.35, lineWidth: 0, zIndex: 1,
      enableMouseTracking: false, showInLegend: false, marker: { enabled: false },
      dataGrouping: exact, data: pathShade });
  });
  chart(d.timelineId, 'Requests per ' + d.bucketMs + ' ms: OK (area) and KO (red) per endpoint,'
      + ' workload windows shaded red, path windows as a blue band', 170 + 150 * n, tlSeries, tlAxes,
      merge(xAxisBase, { plotLines: eventLines }), true);

  // 2. Per second: successes and failures, then mean OK latency, all endpoints together.
  var psSeries = [], bands = [];
  endpoints.forEach(function (e, i) {
    var color = colors[i % colors.length];
    psSeries.push({ name: e.name + ' OK/s', type: 'line', step: 'center', yAxis: 0,
      color: color, lineWidth: 2, data: pairs(e.secondStart, 1000, e.okPerSecond) });
    psSeries.push({ name: e.name + ' KO/s', type: 'column', yAxis: 0,
      color: koColors[i % koColors.length], pointRange: 1000, pointPadding: 0.1,
      groupPadding: 0, borderWidth: 0, dataGrouping: grouping('high'),
      data: pairs(e.secondStart, 1000, e.koPerSecond) });
    psSeries.push({ name: e.name + ' mean OK latency', type: 'line', step: 'center', yAxis: 1,
      color: color, dashStyle: 'ShortDash', data: pairs(e.secondStart, 1000, e.latency),
      tooltip: { valueSuffix: ' ms', valueDecimals: 1 } });
    e.windows.forEach(function (w) {
      bands.push({ from: w.from, to: w.to, zIndex: 0,
        color: w.stall ? 'rgba(241, 91, 79, 0.06)' : 'rgba(241, 91, 79, 0.12)' });
    });
  });
  chart(d.perSecondId, 'Per second: OK/s (line), KO/s (columns) and mean OK latency (dashed)',
      560, psSeries,
      [{ top: '10%', height: '48%', offset: 0, min: 0, opposite: false, lineWidth: 1,
         title: { text: 'requests / s' } },
       { top: '64%', height: '36%', offset: 0, min: 0, opposite: false, lineWidth: 1,
         title: { text: 'latency (ms)' } }],
      merge(xAxisBase, { plotBands: bands, plotLines: eventLines }), false);
})();
