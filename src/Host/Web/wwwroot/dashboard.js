// The MediaActors dashboard, served as /.
//
// Every 2 s it asks GET /api/v1/sessions and shows each session as a tile: the live picture
// (player.js over the session's WebSocket) or a snapshot refreshed every 5 s, what it carries,
// its source, its readers by kind, the bitrate and reader count of the last 5 minutes (kept in
// the page, drawn by uPlot), its URLs, and on demand its readers one by one
// (GET /api/v1/sessions/{name}/readers) with a Kick button (DELETE .../readers/{id}).
// Every 10 s it asks GET /api/v1/cluster and, in a cluster, shows the members and a relay's boards.
// The API unreachable shows a banner, and asking again backs off from 2 s to 10 s.
//
// The first LIVE_TILES sessions play live and the others show snapshots: each live tile is a
// stream and a video decoder in this browser. A tile's Live button overrides that, remembered
// in this browser. While the page is hidden (another tab), nothing plays and no snapshot loads.
//
// For tests and debugging, window.mediaActorsDashboard is { polls, lastError, player(name) }.
'use strict';

(() => {
  const POLL_MS = 2000;
  const RETRY_MAX_MS = 10000;
  const REQUEST_TIMEOUT_MS = 8000;
  const CLUSTER_EVERY_MS = 10000;
  const HISTORY_S = 300;
  const MIN_SPAN_S = 60;
  const SNAPSHOT_MS = 5000;
  const LIVE_TILES = 4;
  const LIVE_TILES_NARROW = 1;
  const NARROW = '(max-width: 700px)';
  const CHART_HEIGHT = 96;
  // The bitrate chart's scale reaches at least this high, so a silent source is a flat line at the bottom.
  const MIN_BITRATE_SCALE = 10000;
  const COPIED_MS = 1500;
  const CHOICES_KEY = 'mediaactors.dashboard.live';

  const ui = {
    sessions: document.getElementById('summary-sessions'),
    readers: document.getElementById('summary-readers'),
    node: document.getElementById('summary-node'),
    updated: document.getElementById('summary-updated'),
    banner: document.getElementById('banner'),
    bannerText: document.getElementById('banner-text'),
    retry: document.getElementById('banner-retry'),
    cluster: document.getElementById('cluster'),
    members: document.getElementById('cluster-members'),
    boards: document.getElementById('cluster-boards'),
    clusterError: document.getElementById('cluster-error'),
    empty: document.getElementById('empty'),
    tiles: document.getElementById('tiles'),
    template: document.getElementById('tile-template'),
  };

  const tiles = new Map();
  const choices = loadChoices();
  let pollTimer = 0;
  let polling = false;
  let pollAgain = false;
  let failures = 0;
  let clusterAskedAt = -Infinity;

  const dashboard = {
    polls: 0,
    lastError: null,
    player(name) {
      const tile = tiles.get(name);
      return tile ? tile.player : null;
    },
  };
  window.mediaActorsDashboard = dashboard;

  // ---- The API ---------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // A session's name as one path segment: a name with '/' (board/session) goes as %2F.
  function sessionPath(name) {
    return `/api/v1/sessions/${encodeURIComponent(name)}`;
  }

  async function api(path, method = 'GET') {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(path, {
        method,
        headers: { Accept: 'application/json' },
        cache: 'no-store',
        signal: abort.signal,
      });
      if (!response.ok) {
        throw await problem(response);
      }
      return response.status === 204 ? null : await response.json();
    } catch (error) {
      if (error instanceof ApiError) {
        throw error;
      }
      if (error.name === 'AbortError') {
        throw new ApiError(0, `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
      }
      throw new ApiError(0, `the server cannot be reached (${error.message})`);
    } finally {
      clearTimeout(timer);
    }
  }

  // The API answers errors as problem details (RFC 9457): the detail says what went wrong.
  async function problem(response) {
    let detail = '';
    try {
      const body = await response.json();
      detail = body.detail || body.title || '';
    } catch {
      // Not JSON (a proxy's page): the status says enough.
    }
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    return new ApiError(response.status, detail ? `${status}: ${detail}` : status);
  }

  // ---- Formatting ------------------------------------------------------------------------------

  const CODECS = { H264: 'H.264', H265: 'H.265', Aac: 'AAC', Pcmu: 'G.711 µ-law', Pcma: 'G.711 A-law' };

  function codecName(codec) {
    return CODECS[codec] || codec;
  }

  function formatScaled(value, units, step) {
    let index = 0;
    while (Math.abs(value) >= step && index < units.length - 1) {
      value /= step;
      index++;
    }
    const digits = index === 0 || Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
    return `${value.toFixed(digits)} ${units[index]}`;
  }

  function formatBits(bitsPerSecond) {
    return bitsPerSecond === null || bitsPerSecond === undefined ? '–' : formatScaled(bitsPerSecond, ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s'], 1000);
  }

  function formatBytes(bytes) {
    return formatScaled(bytes, ['B', 'kB', 'MB', 'GB', 'TB'], 1000);
  }

  function formatAge(since, now) {
    const seconds = Math.max(0, Math.round((now - since) / 1000));
    if (seconds < 60) {
      return `${seconds} s`;
    }
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
      return `${minutes} min ${seconds % 60} s`;
    }
    const hours = Math.floor(minutes / 60);
    return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
  }

  function clockTime(date) {
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function plural(count, one, many) {
    return `${count} ${count === 1 ? one : many}`;
  }

  // Readers per kind, the kinds with none left out: "rtsp-tcp 2 · websocket 1".
  function byKind(readers) {
    const kinds = Object.entries(readers.byKind || {}).filter(([, count]) => count > 0);
    return kinds.map(([kind, count]) => `${kind} ${count}`).join(' · ');
  }

  // A source's state as good (it delivers), waiting or bad.
  function stateClass(state) {
    if (['receiving', 'streaming', 'playing', 'publishing', 'linked'].includes(state)) {
      return 'ok';
    }
    if (['retrying', 'failed', 'error', 'stopped', 'gone'].includes(state)) {
      return 'bad';
    }
    return 'waiting';
  }

  function setText(element, text) {
    if (element.textContent !== text) {
      element.textContent = text;
    }
  }

  // ---- Charts ----------------------------------------------------------------------------------

  function cssColor(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  // The time axis counts back from the newest sample: "-2 min", "-30 s", "now".
  function ageAxis(seconds) {
    if (seconds === 0) {
      return 'now';
    }
    return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
  }

  function createChart(container, kind) {
    const muted = cssColor('--muted') || '#9aa1ad';
    const line = cssColor('--line') || '#2c313b';
    const color = kind === 'bitrate' ? cssColor('--accent') || '#4da3ff' : cssColor('--ok') || '#4cc38a';
    const font = '11px system-ui, sans-serif';
    const axis = { stroke: muted, font, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1, size: 3 } };
    const options = {
      width: Math.max(120, container.clientWidth),
      height: CHART_HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        // Seconds before the newest sample: what the page has seen, at least MIN_SPAN_S and at most HISTORY_S.
        x: { time: false, range: (chart, min) => [Math.min(-MIN_SPAN_S, Math.max(min ?? 0, -HISTORY_S)), 0] },
        y: {
          range: kind === 'bitrate'
            ? (chart, min, max) => [0, Math.max(max * 1.15 || 0, MIN_BITRATE_SCALE)]
            : (chart, min, max) => [0, Math.max(2, (max || 0) + 1)],
        },
      },
      axes: [
        { ...axis, size: 24, space: 50, incrs: [10, 15, 30, 60, 120, 300], values: (chart, splits) => splits.map(ageAxis) },
        kind === 'bitrate'
          ? { ...axis, size: 62, space: 24, values: (chart, splits) => splits.map((value) => formatBits(value).replace('bit/s', 'b/s')) }
          : { ...axis, size: 62, space: 20, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], values: (chart, splits) => splits.map(String) },
      ],
      series: [
        {},
        {
          label: kind,
          stroke: color,
          width: 1.5,
          fill: `${color}26`,
          points: { show: false },
          paths: kind === 'readers' ? uPlot.paths.stepped({ align: 1 }) : undefined,
        },
      ],
    };
    return new uPlot(options, [[], []], container);
  }

  // ---- Tiles -----------------------------------------------------------------------------------

  function loadChoices() {
    try {
      return JSON.parse(localStorage.getItem(CHOICES_KEY) || '{}') || {};
    } catch {
      return {};
    }
  }

  function saveChoices() {
    try {
      localStorage.setItem(CHOICES_KEY, JSON.stringify(choices));
    } catch {
      // Storage off (private mode): the choice lasts as long as the page.
    }
  }

  function liveTiles() {
    return window.matchMedia(NARROW).matches ? LIVE_TILES_NARROW : LIVE_TILES;
  }

  class Tile {
    constructor(session, position) {
      this.name = session.name;
      this.root = ui.template.content.firstElementChild.cloneNode(true);
      this.root.dataset.session = session.name;
      const find = (selector) => this.root.querySelector(selector);
      this.ui = {
        name: find('.tile-name'),
        state: find('.source-state'),
        toggle: find('.live-toggle'),
        video: find('video'),
        snapshot: find('.snapshot'),
        mode: find('.view-mode'),
        message: find('.view-message'),
        videoFact: find('.fact-video'),
        rate: find('.fact-rate'),
        audio: find('.fact-audio'),
        readers: find('.fact-readers'),
        source: find('.fact-source'),
        errorRow: find('.fact-error-row'),
        error: find('.fact-error'),
        bitrateNow: find('.chart-now-bitrate'),
        readersNow: find('.chart-now-readers'),
        charts: find('.charts'),
        bitrateChart: find('.chart-bitrate'),
        readersChart: find('.chart-readers'),
        rtsp: find('.url-rtsp'),
        hls: find('.url-hls'),
        player: find('.url-player'),
        details: find('details.readers'),
        count: find('.readers-count'),
        rows: find('details.readers tbody'),
        readersEmpty: find('.readers-empty'),
        readersError: find('.readers-error'),
      };
      this.player = null;
      this.hasVideo = false;
      this.live = this.name in choices ? Boolean(choices[this.name]) : position < liveTiles();
      this.history = { time: [], bitrate: [], readers: [] };
      this.charts = null;
      this.resizer = null;
      this.snapshotTimer = 0;
      this.snapshotLoading = null;
      this.readerRows = new Map();
      this.readersAsked = 0;

      this.ui.name.textContent = session.name;
      this.ui.name.href = `${window.MediaActorsPlayer.sessionBase(session.name)}/`;
      this.ui.toggle.addEventListener('click', () => this.choose(!this.live));
      this.ui.details.addEventListener('toggle', () => {
        if (this.ui.details.open) {
          this.refreshReaders();
        }
      });
      this.showLive();
    }

    // The session as the last poll saw it.
    update(session, now) {
      const video = session.video;
      const source = session.source;
      setText(this.ui.videoFact, video
        ? `${codecName(video.codec)} ${video.width && video.height ? `${video.width}×${video.height}` : '(size not known yet)'}`
        : 'none yet');
      setText(this.ui.rate, video ? `${video.framesPerSecond.toFixed(1)} fps · ${formatBits(video.bitsPerSecond)}` : '–');
      setText(this.ui.audio, session.audio ? codecName(session.audio) : 'none');
      const kinds = byKind(session.readers);
      setText(this.ui.readers, `${session.readers.total}${kinds ? ` (${kinds})` : ''}`);
      this.ui.readers.dataset.count = String(session.readers.total);
      this.ui.readers.title = this.player
        ? 'Every reader of the session, this tile\'s live view (a websocket reader) among them'
        : 'Every reader of the session';
      setText(this.ui.count, `(${session.readers.total})`);
      setText(this.ui.state, source.state);
      this.ui.state.dataset.state = stateClass(source.state);
      setText(this.ui.source, `${source.kind} · ${source.description}${source.restarts ? ` · ${plural(source.restarts, 'restart', 'restarts')}` : ''}`);
      this.ui.errorRow.hidden = !source.lastError;
      setText(this.ui.error, source.lastError || '');
      this.showUrl(this.ui.rtsp, session.urls.rtsp);
      this.showUrl(this.ui.hls, session.urls.hls);
      this.showUrl(this.ui.player, session.urls.player);

      this.record(now, video ? video.bitsPerSecond : null, session.readers.total);
      setText(this.ui.bitrateNow, video ? formatBits(video.bitsPerSecond) : '–');
      setText(this.ui.readersNow, String(session.readers.total));

      if (this.hasVideo !== Boolean(video)) {
        this.hasVideo = Boolean(video);
        this.root.dataset.video = this.hasVideo ? 'yes' : 'none';
        this.showLive();
      }
    }

    showUrl(element, url) {
      setText(element, url);
      element.nextElementSibling.dataset.copy = url;
    }

    // ---- History and charts

    record(now, bitrate, readers) {
      const history = this.history;
      history.time.push(now);
      history.bitrate.push(bitrate);
      history.readers.push(readers);
      let old = 0;
      while (old < history.time.length && history.time[old] < now - HISTORY_S) {
        old++;
      }
      if (old > 0) {
        history.time.splice(0, old);
        history.bitrate.splice(0, old);
        history.readers.splice(0, old);
      }
      this.draw();
    }

    // A poll that failed leaves a gap in the lines rather than joining across it.
    gap(now) {
      if (this.history.time.length > 0) {
        this.record(now, null, null);
      }
    }

    draw() {
      if (!this.root.isConnected || typeof uPlot === 'undefined') {
        return;
      }
      if (!this.charts) {
        this.charts = {
          bitrate: createChart(this.ui.bitrateChart, 'bitrate'),
          readers: createChart(this.ui.readersChart, 'readers'),
        };
        this.resizer = new ResizeObserver(() => this.resize());
        this.resizer.observe(this.ui.charts);
      }
      const { time, bitrate, readers } = this.history;
      const newest = time[time.length - 1];
      const ages = time.map((at) => Math.round((at - newest) * 10) / 10);
      this.charts.bitrate.setData([ages, bitrate]);
      this.charts.readers.setData([ages, readers]);
    }

    resize() {
      for (const [chart, container] of [[this.charts.bitrate, this.ui.bitrateChart], [this.charts.readers, this.ui.readersChart]]) {
        const width = Math.max(120, container.clientWidth);
        if (chart.width !== width) {
          chart.setSize({ width, height: CHART_HEIGHT });
        }
      }
    }

    // ---- Live picture or snapshots

    choose(live) {
      choices[this.name] = live;
      saveChoices();
      this.live = live;
      this.showLive();
    }

    // Plays, shows snapshots or waits, as the tile's choice, the session and the page's visibility say.
    showLive() {
      this.ui.toggle.setAttribute('aria-pressed', String(this.live));
      const visible = document.visibilityState !== 'hidden';
      const playing = this.live && this.hasVideo && visible;
      const snapshots = !this.live && this.hasVideo && visible;

      if (playing && !this.player) {
        this.ui.video.hidden = false;
        this.ui.snapshot.hidden = true;
        this.player = window.MediaActorsPlayer.create(this.ui.video, {
          session: this.name,
          onState: (state) => this.showPlayerState(state),
          onMessage: (text) => this.showMessage(text),
        });
        this.player.play('ws');
      } else if (!playing && this.player) {
        this.player.destroy();
        this.player = null;
        this.ui.video.hidden = true;
        this.showMessage('');
      }

      if (snapshots && !this.snapshotTimer) {
        this.ui.video.hidden = true;
        this.refreshSnapshot();
        this.snapshotTimer = setInterval(() => this.refreshSnapshot(), SNAPSHOT_MS);
      } else if (!snapshots && this.snapshotTimer) {
        clearInterval(this.snapshotTimer);
        this.snapshotTimer = 0;
        this.snapshotLoading = null;
      }
      if (!snapshots) {
        this.ui.snapshot.hidden = true;
      }

      if (!this.hasVideo) {
        this.showMode('no video', 'waiting');
        this.showMessage('No video yet: the source has not delivered a picture.');
      } else if (!this.live) {
        this.showMode('snapshot', 'snapshot');
        if (!this.snapshotLoading) {
          this.showMessage('');
        }
      } else if (this.player) {
        this.showPlayerState(this.player.state);
      } else {
        this.showMode('paused', 'waiting');
      }
    }

    showPlayerState(state) {
      this.showMode(state === 'playing' ? 'live' : state, state === 'playing' ? 'live' : state === 'connecting' ? 'waiting' : 'bad');
      if (state === 'playing') {
        this.showMessage('');
      }
    }

    showMode(text, kind) {
      setText(this.ui.mode, text);
      this.ui.mode.dataset.kind = kind;
    }

    showMessage(text) {
      setText(this.ui.message, text);
      this.ui.message.hidden = !text;
    }

    // Loads the next snapshot beside the shown one and swaps them once it is in, so the picture
    // never blanks; the query keeps the browser from answering from its cache.
    refreshSnapshot() {
      if (this.snapshotLoading) {
        return;
      }
      const image = new Image();
      image.className = 'snapshot';
      image.alt = `Snapshot of ${this.name}`;
      this.snapshotLoading = image;
      image.onload = () => {
        if (this.snapshotLoading !== image) {
          return;
        }
        this.snapshotLoading = null;
        if (!this.snapshotTimer) {
          return;
        }
        this.ui.snapshot.replaceWith(image);
        this.ui.snapshot = image;
        this.showMode(`snapshot ${clockTime(new Date())}`, 'snapshot');
        this.showMessage('');
      };
      image.onerror = () => {
        if (this.snapshotLoading !== image) {
          return;
        }
        this.snapshotLoading = null;
        this.showMessage('No snapshot yet: the session has had no keyframe to show.');
      };
      image.src = `${window.MediaActorsPlayer.sessionBase(this.name)}/snapshot.jpg?t=${Date.now()}`;
    }

    // ---- Readers one by one

    async refreshReaders() {
      if (!this.ui.details.open) {
        return;
      }
      // A poll, a kick and opening the table may ask at once: only the latest answer is shown.
      const asked = ++this.readersAsked;
      try {
        const readers = await api(`${sessionPath(this.name)}/readers`);
        if (asked === this.readersAsked) {
          this.showReaders(readers);
          this.showReadersError('');
        }
      } catch (error) {
        if (asked === this.readersAsked) {
          this.showReadersError(`Cannot list the readers: ${error.message}`);
        }
      }
    }

    showReaders(readers) {
      const now = Date.now();
      readers.sort((a, b) => Date.parse(a.since) - Date.parse(b.since) || a.id.localeCompare(b.id));
      const seen = new Set();
      readers.forEach((reader, index) => {
        seen.add(reader.id);
        let row = this.readerRows.get(reader.id);
        if (!row) {
          row = this.createReaderRow(reader);
          this.readerRows.set(reader.id, row);
        }
        const since = new Date(reader.since);
        const cells = row.cells;
        setText(cells[0], reader.kind);
        setText(cells[1], reader.address);
        setText(cells[2], formatAge(since.getTime(), now));
        cells[2].title = since.toLocaleString();
        setText(cells[3], formatBytes(reader.bytesSent));
        cells[3].title = `${reader.framesSent} frames`;
        setText(cells[4], String(reader.framesDropped));
        setText(cells[5], formatBytes(reader.queuedBytes));
        const reception = reader.reception;
        setText(cells[6], reception ? `${reception.lossPercent.toFixed(1)} % · ${reception.jitterMilliseconds.toFixed(1)} ms` : '–');
        cells[6].title = reception ? `${reception.packetsLost} packets lost in all` : 'No receiver report';
        if (this.ui.rows.children[index] !== row) {
          this.ui.rows.insertBefore(row, this.ui.rows.children[index] || null);
        }
      });
      for (const [id, row] of this.readerRows) {
        if (!seen.has(id)) {
          row.remove();
          this.readerRows.delete(id);
        }
      }
      this.ui.readersEmpty.hidden = readers.length > 0;
    }

    createReaderRow(reader) {
      const row = document.createElement('tr');
      row.dataset.reader = reader.id;
      for (let i = 0; i < 8; i++) {
        const cell = row.insertCell();
        if (i >= 3 && i <= 5) {
          cell.className = 'number';
        }
      }
      if (reader.kickable) {
        const kick = document.createElement('button');
        kick.type = 'button';
        kick.className = 'kick';
        kick.textContent = 'Kick';
        kick.title = `End this ${reader.kind} reader`;
        kick.addEventListener('click', () => this.kick(reader.id, kick));
        row.cells[7].append(kick);
      }
      return row;
    }

    async kick(id, button) {
      button.disabled = true;
      button.textContent = 'Kicking…';
      try {
        await api(`${sessionPath(this.name)}/readers/${encodeURIComponent(id)}`, 'DELETE');
        this.showReadersError('');
      } catch (error) {
        this.showReadersError(`Cannot kick ${id}: ${error.message}`);
        button.disabled = false;
        button.textContent = 'Kick';
        return;
      }
      await this.refreshReaders();
      pollSoon();
    }

    showReadersError(text) {
      setText(this.ui.readersError, text);
      this.ui.readersError.hidden = !text;
    }

    destroy() {
      if (this.player) {
        this.player.destroy();
        this.player = null;
      }
      clearInterval(this.snapshotTimer);
      this.snapshotTimer = 0;
      if (this.resizer) {
        this.resizer.disconnect();
      }
      if (this.charts) {
        this.charts.bitrate.destroy();
        this.charts.readers.destroy();
      }
      this.root.remove();
    }
  }

  // ---- Sessions --------------------------------------------------------------------------------

  function showSessions(sessions, now) {
    const names = new Set(sessions.map((session) => session.name));
    for (const [name, tile] of tiles) {
      if (!names.has(name)) {
        tile.destroy();
        tiles.delete(name);
      }
    }
    // A tile is only ever inserted, never moved: moving a playing video pauses it.
    sessions.forEach((session, index) => {
      let tile = tiles.get(session.name);
      if (!tile) {
        tile = new Tile(session, index);
        tiles.set(session.name, tile);
      }
      if (ui.tiles.children[index] !== tile.root) {
        ui.tiles.insertBefore(tile.root, ui.tiles.children[index] || null);
      }
      tile.update(session, now);
    });
    ui.empty.hidden = sessions.length > 0;
    const readers = sessions.reduce((sum, session) => sum + session.readers.total, 0);
    setText(ui.sessions, plural(sessions.length, 'session', 'sessions'));
    setText(ui.readers, plural(readers, 'reader', 'readers'));
    setText(ui.updated, `updated ${clockTime(new Date())}`);
  }

  // ---- Cluster ---------------------------------------------------------------------------------

  function cell(row, text, className) {
    const element = row.insertCell();
    element.textContent = text;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function showCluster(cluster) {
    ui.clusterError.hidden = true;
    if (!cluster.clustered) {
      ui.cluster.hidden = true;
      setText(ui.node, 'standalone node');
      return;
    }
    const self = cluster.members.find((member) => member.isSelf);
    setText(ui.node, `cluster of ${plural(cluster.members.length, 'member', 'members')}${self ? ` · this node ${self.roles.join(', ')}` : ''}`);
    ui.cluster.hidden = false;
    ui.members.replaceChildren(...cluster.members.map((member) => {
      const row = document.createElement('tr');
      const address = cell(row, member.address);
      const marks = [member.isSelf ? 'this node' : '', member.address === cluster.leader ? 'leader' : ''].filter(Boolean);
      for (const mark of marks) {
        const badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = mark;
        address.append(' ', badge);
      }
      cell(row, member.roles.join(', ') || '–');
      cell(row, member.status, member.status === 'Up' ? 'ok' : 'waiting');
      cell(row, member.reachable ? 'yes' : 'unreachable', member.reachable ? 'ok' : 'bad');
      return row;
    }));
    ui.boards.replaceChildren(...cluster.boards.map((board) => {
      const section = document.createElement('div');
      section.className = 'board';
      const title = document.createElement('h3');
      title.textContent = board.name;
      const address = document.createElement('span');
      address.className = 'board-address';
      address.textContent = board.address;
      title.append(' ', address);
      const list = document.createElement('ul');
      for (const session of board.sessions) {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = `${window.MediaActorsPlayer.sessionBase(session.path)}/`;
        link.textContent = session.path;
        item.append(link);
        if (session.alias) {
          item.append(` (also /${session.alias})`);
        }
        list.append(item);
      }
      if (board.sessions.length === 0) {
        const item = document.createElement('li');
        item.textContent = 'no sessions';
        list.append(item);
      }
      section.append(title, list);
      return section;
    }));
  }

  // The members shown stay as they were; the header says the news is missing.
  function showClusterError(error) {
    setText(ui.clusterError, `Cannot read the cluster: ${error.message}`);
    ui.clusterError.hidden = false;
    setText(ui.node, 'cluster not known');
  }

  // ---- Polling ---------------------------------------------------------------------------------

  function schedule(delay) {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, delay);
  }

  // Asks again at once, or right after the poll under way.
  function pollSoon() {
    if (polling) {
      pollAgain = true;
    } else {
      schedule(0);
    }
  }

  async function poll() {
    clearTimeout(pollTimer);
    pollTimer = 0;
    if (polling) {
      pollAgain = true;
      return;
    }
    polling = true;
    let delay = POLL_MS;
    try {
      const sessions = await api('/api/v1/sessions');
      const now = Date.now() / 1000;
      failures = 0;
      dashboard.lastError = null;
      ui.banner.hidden = true;
      document.body.classList.remove('stale');
      showSessions(sessions, now);
      const asks = [...tiles.values()].map((tile) => tile.refreshReaders());
      if (performance.now() - clusterAskedAt >= CLUSTER_EVERY_MS) {
        clusterAskedAt = performance.now();
        asks.push(api('/api/v1/cluster').then(showCluster, showClusterError));
      }
      await Promise.all(asks);
    } catch (error) {
      failures++;
      delay = Math.min(POLL_MS * 2 ** (failures - 1), RETRY_MAX_MS);
      dashboard.lastError = error.message;
      showFailure(error, delay);
      const now = Date.now() / 1000;
      for (const tile of tiles.values()) {
        tile.gap(now);
      }
    } finally {
      dashboard.polls++;
      polling = false;
      schedule(pollAgain ? 0 : delay);
      pollAgain = false;
    }
  }

  function showFailure(error, delay) {
    const again = `Trying again in ${delay / 1000} s.`;
    ui.bannerText.replaceChildren();
    if (error.status === 401) {
      // The cookie expired, or the server restarted (which signs everyone out).
      const link = document.createElement('a');
      link.href = '/login?next=/';
      link.textContent = 'Sign in again';
      ui.bannerText.append('The server asks for credentials again. ', link, `. ${again}`);
    } else {
      ui.bannerText.append(`Cannot read the sessions: ${error.message}. ${again}`);
    }
    ui.banner.hidden = false;
    // What the tiles say is as old as the last answer.
    document.body.classList.add('stale');
  }

  // ---- The page --------------------------------------------------------------------------------

  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    // Plain http to another host is no secure context: no clipboard API, so the old way.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    if (!copied) {
      throw new Error('the browser refused');
    }
  }

  document.addEventListener('click', (event) => {
    const button = event.target.closest('button.copy');
    if (!button || !button.dataset.copy) {
      return;
    }
    copy(button.dataset.copy).then(
      () => {
        button.textContent = 'Copied';
        button.dataset.result = 'ok';
      },
      () => {
        button.textContent = 'Select it';
        button.dataset.result = 'bad';
      },
    ).finally(() => setTimeout(() => {
      button.textContent = 'Copy';
      delete button.dataset.result;
    }, COPIED_MS));
  });

  ui.retry.addEventListener('click', pollSoon);

  document.addEventListener('visibilitychange', () => {
    for (const tile of tiles.values()) {
      tile.showLive();
    }
    if (document.visibilityState === 'visible') {
      pollSoon();
    }
  });

  poll();
})();
