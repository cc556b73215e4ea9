// The player page, served as /<session>/: one live player (player.js) and its controls.
//
// The page plays over the WebSocket by default and over HLS with ?hls (?hls=native: the
// browser's own HLS player); the toggle switches and keeps the address in step. For tests and
// debugging, window.mediaActorsPlayer is the player (see player.js).
'use strict';

(() => {
  const RENDER_MS = 250;

  const video = document.getElementById('video');
  const ui = {
    name: document.getElementById('session-name'),
    snapshot: document.getElementById('snapshot'),
    wsButton: document.getElementById('mode-ws'),
    hlsButton: document.getElementById('mode-hls'),
    mode: document.getElementById('status-mode'),
    state: document.getElementById('status-state'),
    latency: document.getElementById('status-latency'),
    resolution: document.getElementById('status-resolution'),
    message: document.getElementById('message'),
  };

  // The page is served at /<session>/, and a session's path may have several segments
  // (a relay serves board/session): every segment but the last, empty one is the session.
  const session = sessionFromPath(location.pathname);

  function sessionFromPath(pathname) {
    return pathname.split('/').slice(1, -1).map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    }).join('/');
  }

  function showState(state) {
    ui.state.textContent = state;
    ui.state.dataset.state = state;
  }

  function showMessage(text) {
    ui.message.textContent = text;
    ui.message.hidden = !text;
  }

  const player = window.MediaActorsPlayer.create(video, { session, onState: showState, onMessage: showMessage });
  window.mediaActorsPlayer = player;

  function play(mode) {
    player.play(mode, { hlsNative: new URLSearchParams(location.search).get('hls') === 'native' });
    // Where MSE is missing, the player plays HLS whatever was asked.
    ui.mode.textContent = player.mode === 'hls' ? 'HLS' : 'WebSocket';
    ui.wsButton.setAttribute('aria-pressed', String(player.mode === 'ws'));
    ui.hlsButton.setAttribute('aria-pressed', String(player.mode === 'hls'));
  }

  function choose(mode) {
    if (mode === player.mode) {
      return;
    }
    // The address says the mode, so a reload or a shared link plays the same way.
    const address = new URL(location.href);
    if (mode === 'hls') {
      address.searchParams.set('hls', '');
    } else {
      address.searchParams.delete('hls');
    }
    history.replaceState(null, '', address.toString().replace(/hls=(&|$)/, 'hls$1'));
    play(mode);
  }

  function render() {
    const latency = player.latency();
    ui.latency.textContent = latency === null ? '– ms' : `${Math.round(latency * 1000)} ms`;
    ui.resolution.textContent = video.videoWidth ? `${video.videoWidth}×${video.videoHeight}` : '–';
  }

  document.title = `${session || 'MediaActors'} · MediaActors`;
  ui.name.textContent = session || 'No session in the address';
  ui.snapshot.href = `${window.MediaActorsPlayer.sessionBase(session)}/snapshot.jpg`;
  ui.wsButton.addEventListener('click', () => choose('ws'));
  ui.hlsButton.addEventListener('click', () => choose('hls'));
  setInterval(render, RENDER_MS);

  if (!session) {
    player.lastError = 'The address names no session: open /<session>/.';
    player.state = 'error';
    showState('error');
    showMessage(player.lastError);
    return;
  }
  play(new URLSearchParams(location.search).has('hls') ? 'hls' : 'ws');
})();
