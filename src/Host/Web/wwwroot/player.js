// The MediaActors live player: a session's live stream played into a <video>, over MSE and a
// WebSocket, or over HLS. The player page (player-page.js) and the dashboard's tiles
// (dashboard.js) each make one with window.MediaActorsPlayer.create(video, options).
//
// What it expects of the server, for a session <session>:
//   ws(s)://<same host>/<session>/ws  TEXT {"type":"init","mime":"video/mp4; codecs=\"...\""}, then a
//     BINARY init segment (ftyp+moov), then one BINARY moof+mdat per frame or audio chunk, the
//     first ones from a keyframe. Another init later restarts the picture in the new format;
//     TEXT {"type":"end","reason":"..."} shows the reason. A closed socket is reopened after
//     1, 2, 4, 8, 10, 10 ... s.
//   /<session>/index.m3u8 for HLS; /static/hls.min.js, loaded only for HLS without native support.
//
// create(video, { session, onState(state), onMessage(text) }) returns the player:
//   { mode: "ws"|"hls", state: "connecting"|"playing"|"ended"|"error"|"stopped", latency(),
//     newestFragmentTime(), framesAppended, bytesAppended, lastError, lastWarning,
//     play(mode, { hlsNative }), stop(), destroy() }
// where onMessage('') clears the message, and hlsNative plays HLS with the browser's own player.
// lastError is what stopped or restarted playback; lastWarning what hls.js recovered from by itself
// (a stall while the buffer ran dry, a nudge over a gap).
'use strict';

window.MediaActorsPlayer = (() => {
  // How far behind the newest data the picture may be. The goal is < 0.5 s: a gentle 10 %
  // speed-up closes small delays without a visible jump, a seek closes large ones at once.
  const START_BEHIND_S = 0.1;
  const JUMP_ABOVE_S = 1.0;
  const JUMP_BEHIND_S = 0.15;
  const CATCH_UP_ABOVE_S = 0.35;
  const CAUGHT_UP_BELOW_S = 0.2;
  const CATCH_UP_RATE = 1.1;
  // Played data is removed so that hours of playback hold a few seconds in memory; data far
  // ahead of a paused picture too, so a background tab does not grow without end.
  const KEEP_PLAYED_S = 10;
  const KEEP_MOST_S = 30;
  const TRIM_AT_LEAST_S = 1;
  const TICK_MS = 250;
  const FIRST_RETRY_MS = 1000;
  const LAST_RETRY_MS = 10000;
  const HLS_MIME = 'application/vnd.apple.mpegurl';

  // ManagedMediaSource is the only MSE of iOS Safari; where both exist they behave alike.
  const MediaSourceType = window.MediaSource || window.ManagedMediaSource || null;

  function bufferedEnd(ranges) {
    return ranges.length ? ranges.end(ranges.length - 1) : null;
  }

  function describe(error) {
    return error && error.message ? `${error.name || 'Error'}: ${error.message}` : String(error);
  }

  // Backoff for reconnecting: 1, 2, 4, 8, 10, 10 ... s, back to 1 s once media flows again.
  function createBackoff() {
    let next = FIRST_RETRY_MS;
    return {
      take() {
        const delay = next;
        next = Math.min(next * 2, LAST_RETRY_MS);
        return delay;
      },
      reset() {
        next = FIRST_RETRY_MS;
      },
    };
  }

  let hlsLibrary = null;

  function loadHlsJs() {
    // 600 KB that the default WebSocket mode never needs: fetched only for HLS.
    if (!hlsLibrary) {
      hlsLibrary = new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = '/static/hls.min.js';
        script.onload = () => (window.Hls ? resolve(window.Hls) : reject(new Error('hls.min.js defined no Hls')));
        script.onerror = () => reject(new Error('cannot load /static/hls.min.js'));
        document.head.appendChild(script);
      });
      hlsLibrary.catch(() => {
        hlsLibrary = null;
      });
    }
    return hlsLibrary;
  }

  // The path of a session's files: each segment of its name escaped, as the server's routes read them.
  function sessionBase(session) {
    return '/' + session.split('/').map(encodeURIComponent).join('/');
  }

  function create(video, options) {
    const base = sessionBase(options.session);
    const onState = options.onState || (() => {});
    const onMessage = options.onMessage || (() => {});

    const player = {
      mode: 'ws',
      state: 'connecting',
      framesAppended: 0,
      bytesAppended: 0,
      lastError: null,
      lastWarning: null,
      latency() {
        const end = bufferedEnd(video.buffered);
        return end === null ? null : end - video.currentTime;
      },
      newestFragmentTime() {
        return bufferedEnd(video.buffered);
      },
      play,
      stop,
      destroy,
    };

    let engine = null;
    let ticker = 0;

    function setState(state) {
      player.state = state;
      onState(state);
    }

    function showMessage(text) {
      onMessage(text);
    }

    function fail(text) {
      player.lastError = text;
      setState('error');
      showMessage(text);
    }

    function detachMedia() {
      video.removeAttribute('src');
      video.srcObject = null;
      video.playbackRate = 1;
      video.load();
    }

    function startPlaying() {
      const started = video.play();
      if (started) {
        started.catch((error) => {
          // A newer source replacing this one aborts the promise; that is no failure.
          if (error.name === 'NotAllowedError') {
            showMessage('The browser blocked autoplay: press play to start.');
          }
        });
      }
    }

    // ---- MSE over WebSocket --------------------------------------------------------------------

    // One MediaSource per init message: a restarted stream may change codec and restart its
    // timestamps, which a fresh MediaSource takes without reconciling old and new data.
    function createPipeline(mime, onFatal) {
      const pipeline = {
        queue: [],
        sourceBuffer: null,
        positioned: false,
        startedPlaying: false,
        closed: false,
        enqueue,
        close,
        keepLive,
        trim,
        playing,
      };

      if (!MediaSourceType.isTypeSupported(mime)) {
        fail(`This browser cannot play ${mime} through MediaSource; try HLS.`);
        pipeline.closed = true;
        return pipeline;
      }

      // One entry per append (the item) or removal (null) started, taken off by its updateend.
      // updating turns false a task before updateend fires, and a message handled in between
      // may already start the next append: a single "current item" would miscount.
      const pending = [];

      const mediaSource = new MediaSourceType();
      const url = URL.createObjectURL(mediaSource);
      if (window.ManagedMediaSource && mediaSource instanceof window.ManagedMediaSource) {
        // Safari plays a ManagedMediaSource only when AirPlay is off or has another source.
        video.disableRemotePlayback = true;
      }
      mediaSource.addEventListener('sourceopen', () => {
        URL.revokeObjectURL(url);
        if (pipeline.closed) {
          return;
        }
        try {
          const sourceBuffer = mediaSource.addSourceBuffer(mime);
          sourceBuffer.mode = 'segments';
          sourceBuffer.addEventListener('updateend', () => appended(sourceBuffer));
          pipeline.sourceBuffer = sourceBuffer;
        } catch (error) {
          onFatal(`Cannot play ${mime}: ${describe(error)}`);
          return;
        }
        pump();
      }, { once: true });
      video.src = url;

      function enqueue(data, isInit) {
        if (pipeline.closed) {
          return;
        }
        pipeline.queue.push({ data, isInit });
        pump();
      }

      function pump() {
        const sourceBuffer = pipeline.sourceBuffer;
        if (pipeline.closed || !sourceBuffer || sourceBuffer.updating || pipeline.queue.length === 0) {
          return;
        }
        const item = takeQueued();
        try {
          sourceBuffer.appendBuffer(item.data);
          pending.push(item);
        } catch (error) {
          if (error.name === 'QuotaExceededError') {
            // The buffer is full: free what was played and try the same data again.
            pipeline.queue.unshift(item);
            if (!trim(1)) {
              onFatal(`The media buffer is full: ${describe(error)}`);
            }
            return;
          }
          onFatal(`Appending media failed: ${describe(error)}`);
        }
      }

      // Fragments that queued up while an append was under way (the cached GOP arrives at once)
      // go in one append: each append costs the browser a round trip of its own, which for a GOP
      // of fragments one by one would be a visible wait before the first picture.
      function takeQueued() {
        const first = pipeline.queue.shift();
        if (first.isInit || pipeline.queue.length === 0 || pipeline.queue[0].isInit) {
          return first;
        }
        const parts = [first];
        while (pipeline.queue.length > 0 && !pipeline.queue[0].isInit) {
          parts.push(pipeline.queue.shift());
        }
        const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.data.byteLength, 0));
        let offset = 0;
        for (const part of parts) {
          joined.set(new Uint8Array(part.data), offset);
          offset += part.data.byteLength;
        }
        return { data: joined, isInit: false, fragments: parts.length };
      }

      function appended(sourceBuffer) {
        if (pipeline.closed) {
          return;
        }
        const done = pending.shift();
        if (done) {
          player.bytesAppended += done.data.byteLength;
          if (!done.isInit) {
            player.framesAppended += done.fragments || 1;
          }
        }
        if (!pipeline.positioned && sourceBuffer.buffered.length > 0 && pipeline.queue.length === 0) {
          // The first fragments are the cached GOP from its keyframe, arriving at once: start at
          // the newest of them once they are all in (one seek, decoded from the keyframe), not at
          // media time 0 far before them.
          pipeline.positioned = true;
          const ranges = sourceBuffer.buffered;
          const last = ranges.length - 1;
          video.currentTime = Math.max(ranges.start(last), ranges.end(last) - START_BEHIND_S);
          startPlaying();
        }
        pump();
      }

      // The first start of the picture (a seek, the decoder's start) takes long enough on a slow
      // machine for several frames to arrive meanwhile; one more seek, with everything warm, is
      // quicker than catching up at 1.1x for seconds.
      function playing() {
        const ranges = video.buffered;
        if (pipeline.startedPlaying || !pipeline.positioned || ranges.length === 0) {
          return;
        }
        pipeline.startedPlaying = true;
        const last = ranges.length - 1;
        if (ranges.end(last) - video.currentTime > CATCH_UP_ABOVE_S) {
          video.currentTime = Math.max(ranges.start(last), ranges.end(last) - JUMP_BEHIND_S);
        }
      }

      // Called every tick: keeps the picture just behind the newest data.
      function keepLive() {
        const ranges = video.buffered;
        if (pipeline.closed || !pipeline.positioned || ranges.length === 0 || video.paused || video.seeking) {
          return;
        }
        const now = video.currentTime;
        for (let i = 0; i < ranges.length; i++) {
          if (now >= ranges.start(i) - 0.001 && now <= ranges.end(i)) {
            break;
          }
          if (ranges.start(i) > now) {
            // A gap never fills in a live stream (the server dropped data for a slow client or
            // a frame was lost): waiting there would freeze the picture for good.
            video.currentTime = ranges.start(i);
            return;
          }
        }
        const last = ranges.length - 1;
        const latency = ranges.end(last) - now;
        if (latency > JUMP_ABOVE_S) {
          video.currentTime = Math.max(ranges.start(last), ranges.end(last) - JUMP_BEHIND_S);
          video.playbackRate = 1;
        } else {
          // Catching up goes on below the threshold that started it: stopping right at 0.35 s
          // would leave every hiccup (a slow seek, a late frame) as lasting delay.
          const catchingUp = video.playbackRate > 1;
          video.playbackRate = latency > CATCH_UP_ABOVE_S || (catchingUp && latency > CAUGHT_UP_BELOW_S) ? CATCH_UP_RATE : 1;
        }
      }

      // Removes data played more than KEEP_PLAYED_S ago (or more than KEEP_MOST_S before the
      // newest); returns whether a removal started. `force` removes up to that many seconds
      // before the picture, for a full buffer.
      function trim(force) {
        const sourceBuffer = pipeline.sourceBuffer;
        if (pipeline.closed || !sourceBuffer || sourceBuffer.updating || sourceBuffer.buffered.length === 0) {
          return false;
        }
        const ranges = sourceBuffer.buffered;
        const end = ranges.end(ranges.length - 1);
        const keep = force ? force : KEEP_PLAYED_S;
        // Removing part of a GOP also removes the rest of it up to the next keyframe (MSE coded
        // frame removal), so with a GOP longer than KEEP_PLAYED_S the picture may skip ahead.
        const cut = Math.max(video.currentTime - keep, end - KEEP_MOST_S);
        if (cut - ranges.start(0) < (force ? 0 : TRIM_AT_LEAST_S)) {
          return false;
        }
        try {
          sourceBuffer.remove(0, cut);
          pending.push(null);
          return true;
        } catch (error) {
          player.lastError = `Removing played media failed: ${describe(error)}`;
          return false;
        }
      }

      // The MediaSource is released when the video's source is replaced; ending it here instead
      // would make the video fire 'ended' in between.
      function close() {
        pipeline.closed = true;
        pipeline.queue = [];
      }

      return pipeline;
    }

    function createWsEngine() {
      const backoff = createBackoff();
      let socket = null;
      let pipeline = null;
      let nextIsInit = false;
      let endReason = null;
      let retryTimer = 0;
      let stopped = false;

      function url() {
        const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
        return `${scheme}//${location.host}${base}/ws`;
      }

      function connect() {
        retryTimer = 0;
        if (!endReason) {
          setState('connecting');
        }
        let ws;
        try {
          ws = new WebSocket(url());
        } catch (error) {
          reconnectLater(`Cannot open ${url()}: ${describe(error)}`);
          return;
        }
        ws.binaryType = 'arraybuffer';
        ws.onopen = () => {
          if (socket !== ws) {
            return;
          }
          showMessage(endReason ? `The stream ended: ${endReason}. Waiting for it to start again.` : '');
        };
        ws.onmessage = (event) => {
          if (socket !== ws) {
            return;
          }
          if (typeof event.data === 'string') {
            text(event.data);
          } else {
            binary(event.data);
          }
        };
        // An error is always followed by close, which reports it and reconnects.
        ws.onclose = (event) => {
          if (socket !== ws) {
            return;
          }
          socket = null;
          const code = event.code === 1000 ? 'closed' : `closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''})`;
          reconnectLater(`Connection ${code}`);
        };
        socket = ws;
      }

      function text(data) {
        let message;
        try {
          message = JSON.parse(data);
        } catch {
          player.lastError = `Ignored a text message that is not JSON: ${data.slice(0, 80)}`;
          return;
        }
        if (message.type === 'init') {
          endReason = null;
          if (pipeline) {
            pipeline.close();
          }
          showMessage('');
          if (player.state === 'error' || player.state === 'ended') {
            setState('connecting');
          }
          pipeline = createPipeline(String(message.mime), restart);
          nextIsInit = true;
        } else if (message.type === 'end') {
          endReason = message.reason || 'no reason given';
          setState('ended');
          showMessage(`The stream ended: ${endReason}`);
        }
      }

      function binary(data) {
        if (!pipeline) {
          return;
        }
        if (!nextIsInit) {
          // Media flows: a later drop is a new problem, retried quickly again.
          backoff.reset();
        }
        pipeline.enqueue(data, nextIsInit);
        nextIsInit = false;
      }

      // The browser gave up on the media (decode error, full buffer): a new connection starts
      // again from an init segment and a keyframe.
      function restart(reason) {
        fail(reason);
        if (pipeline) {
          pipeline.close();
        }
        const ws = socket;
        socket = null;
        if (ws) {
          ws.close(4000, 'player restarts');
        }
        reconnectLater(reason);
      }

      function reconnectLater(reason) {
        if (stopped || retryTimer) {
          return;
        }
        const delay = backoff.take();
        const seconds = `${delay / 1000} s`;
        if (endReason) {
          showMessage(`The stream ended: ${endReason}. Reconnecting in ${seconds}.`);
        } else {
          if (player.state !== 'error') {
            setState('connecting');
          }
          showMessage(`${reason}. Reconnecting in ${seconds}.`);
        }
        retryTimer = setTimeout(connect, delay);
      }

      return {
        mode: 'ws',
        start: connect,
        stop() {
          stopped = true;
          clearTimeout(retryTimer);
          if (socket) {
            const ws = socket;
            socket = null;
            ws.close(1000, 'player stopped');
          }
          if (pipeline) {
            pipeline.close();
            pipeline = null;
          }
        },
        tick() {
          if (pipeline) {
            pipeline.keepLive();
            pipeline.trim(0);
          }
        },
        playing() {
          if (pipeline) {
            pipeline.playing();
          }
          if (socket && !endReason) {
            setState('playing');
          }
        },
        errored() {
          if (pipeline && !pipeline.closed && video.error) {
            restart(`The browser cannot decode the stream (${video.error.message || `media error ${video.error.code}`})`);
          }
        },
        resumed() {
          // Resuming after a pause means live again, not where the picture stopped.
          const end = bufferedEnd(video.buffered);
          if (end !== null && end - video.currentTime > JUMP_ABOVE_S) {
            video.currentTime = end - JUMP_BEHIND_S;
          }
        },
      };
    }

    // ---- HLS -----------------------------------------------------------------------------------

    function createHlsEngine(forceNative) {
      const backoff = createBackoff();
      const url = `${base}/index.m3u8`;
      let hls = null;
      let retryTimer = 0;
      let stopped = false;

      // hls.js wherever MSE exists, since it honours the low-latency settings below; the
      // browser's own HLS only where there is no MSE (older iOS). Chromium 141+ also answers
      // "maybe" for HLS, but its own player does not hold a live stream this close to the edge.
      function useNative() {
        return forceNative || (!MediaSourceType && video.canPlayType(HLS_MIME) !== '');
      }

      function start() {
        retryTimer = 0;
        setState('connecting');
        if (useNative()) {
          if (video.canPlayType(HLS_MIME) === '') {
            fail('This browser plays HLS neither natively nor through MediaSource.');
            return;
          }
          video.src = url;
          startPlaying();
          return;
        }
        if (!MediaSourceType) {
          fail('This browser plays HLS neither natively nor through MediaSource.');
          return;
        }
        loadHlsJs().then((Hls) => {
          if (stopped) {
            return;
          }
          if (!Hls.isSupported()) {
            fail('hls.js cannot run in this browser.');
            return;
          }
          hls = new Hls({
            lowLatencyMode: true,
            liveSyncDuration: 1,
            liveMaxLatencyDuration: 3,
            maxLiveSyncPlaybackRate: CATCH_UP_RATE,
            backBufferLength: KEEP_PLAYED_S,
          });
          hls.on(Hls.Events.FRAG_BUFFERED, (_, data) => {
            backoff.reset();
            player.framesAppended += 1;
            player.bytesAppended += (data.stats && data.stats.loaded) || 0;
          });
          hls.on(Hls.Events.ERROR, (_, data) => {
            if (!data.fatal) {
              player.lastWarning = `hls.js: ${data.type} ${data.details}`;
              return;
            }
            player.lastError = `hls.js: ${data.type} ${data.details}`;
            if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
              hls.recoverMediaError();
              return;
            }
            retry(`HLS failed (${data.details})`);
          });
          hls.loadSource(url);
          hls.attachMedia(video);
          startPlaying();
        }, (error) => fail(`Cannot load hls.js: ${describe(error)}`));
      }

      function teardown() {
        if (hls) {
          hls.destroy();
          hls = null;
        }
        detachMedia();
      }

      function retry(reason) {
        if (stopped || retryTimer) {
          return;
        }
        teardown();
        const delay = backoff.take();
        setState(player.state === 'ended' ? 'ended' : 'connecting');
        showMessage(`${reason}. Retrying in ${delay / 1000} s.`);
        retryTimer = setTimeout(start, delay);
      }

      return {
        mode: 'hls',
        start,
        stop() {
          stopped = true;
          clearTimeout(retryTimer);
          teardown();
        },
        tick() {},
        playing() {
          showMessage('');
          setState('playing');
        },
        errored() {
          // hls.js reports its own errors; this is the browser's HLS, or a decode failure.
          if (video.error && !hls) {
            player.lastError = video.error.message || `media error ${video.error.code}`;
            retry(`The browser cannot play the stream (${player.lastError})`);
          }
        },
        ended() {
          setState('ended');
          retry('The stream ended');
        },
        resumed() {},
      };
    }

    // ---- Playing ---------------------------------------------------------------------------

    function play(mode, playOptions) {
      if (engine) {
        engine.stop();
        engine = null;
      }
      detachMedia();
      player.framesAppended = 0;
      player.bytesAppended = 0;
      player.lastError = null;
      player.lastWarning = null;
      showMessage('');

      if (mode === 'ws' && !MediaSourceType) {
        showMessage('This browser has no MediaSource: playing HLS instead.');
        mode = 'hls';
      }
      player.mode = mode;
      engine = mode === 'hls' ? createHlsEngine(Boolean(playOptions && playOptions.hlsNative)) : createWsEngine();
      engine.start();
      if (!ticker) {
        ticker = setInterval(() => engine && engine.tick(), TICK_MS);
      }
    }

    // Ends playback (the socket closed, the picture released); play() starts again.
    function stop() {
      if (engine) {
        engine.stop();
        engine = null;
      }
      clearInterval(ticker);
      ticker = 0;
      detachMedia();
      setState('stopped');
    }

    const listeners = {
      playing: () => engine && engine.playing(),
      error: () => engine && engine.errored(),
      ended: () => engine && engine.ended && engine.ended(),
      play: () => engine && engine.resumed(),
    };

    // Stops and lets go of the video element.
    function destroy() {
      stop();
      for (const [name, listener] of Object.entries(listeners)) {
        video.removeEventListener(name, listener);
      }
    }

    for (const [name, listener] of Object.entries(listeners)) {
      video.addEventListener(name, listener);
    }
    return player;
  }

  return { create, sessionBase };
})();
