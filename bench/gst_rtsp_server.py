#!/usr/bin/python3
"""The benchmark's reference server: gst-rtsp-server serving an Annex-B H.264 file looped
forever at its native rate, one shared pipeline for every client (as MediaActors shares one
stream). With --relay URL instead of --file, it pulls that RTSP stream over TCP and serves it
again, NAL units unchanged (depayloaded and payloaded anew), as `mediaactors serve --source
rtsp://...` does. With --tls-certificate and --tls-key it speaks RTSP over TLS instead (every
connection, media interleaved inside it, as `mediaactors serve --rtsps-port` does on its TLS
port): the URL it prints is then rtsps://. Prints the stream URL on stdout once the pipeline is
prepared, runs until killed.

Needs the Debian python3-gi and gir1.2-gst-rtsp-server-1.0 (and for TLS glib-networking, GLib's
TLS backend), so run it with /usr/bin/python3."""
import argparse
import os
import signal
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import Gio, GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

# multifilesrc loop=true rereads the file forever; h264parse splits it into access units and,
# from the caps' frame rate, gives them continuing DTS across loops, and the server's sinks
# play them at that rate. No decoding: the file's own bytes go out, as with MediaActors.
LAUNCH = ("( multifilesrc location={file} loop=true ! h264parse name=parse "
          "! video/x-h264,framerate={fps}/1 ! rtph264pay name=pay0 pt=96 config-interval=-1 )")

# One RTSP pull hop: rtspsrc over TCP without a jitter-buffer delay, the camera's access units
# depayloaded and payloaded again, parameter sets before every keyframe.
RELAY_LAUNCH = ('( rtspsrc location="{url}" protocols=tcp latency=0 ! rtph264depay '
                '! rtph264pay name=pay0 pt=96 config-interval=-1 )')

# The kernel's queue of not yet accepted connections; gst's default of 5 would make hundreds of
# clients connecting at once wait for SYN retransmissions (1 s and more).
LISTEN_BACKLOG = 1024


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    stream = parser.add_mutually_exclusive_group(required=True)
    stream.add_argument("--file", help="Annex-B .h264 file")
    stream.add_argument("--relay", metavar="URL", help="rtsp:// URL of an H.264 stream to pull and serve again")
    parser.add_argument("--port", type=int, default=8554)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--fps", type=int, default=30, help="the file's frame rate")
    parser.add_argument("--tls-certificate", metavar="PEM", help="serve RTSP over TLS with this certificate (needs --tls-key)")
    parser.add_argument("--tls-key", metavar="PEM", help="the certificate's private key")
    args = parser.parse_args()
    if (args.tls_certificate is None) != (args.tls_key is None):
        parser.error("--tls-certificate and --tls-key go together")
    return args


def copy_dts_to_pts(_pad, info):
    """h264parse leaves PTS unset for a raw stream, and rtph264pay takes the RTP timestamp from
    the PTS: without this every packet would carry the same timestamp. The file has no
    B-frames, so presentation order is decoding order and PTS = DTS."""
    buffer = info.get_buffer()
    if buffer.pts == Gst.CLOCK_TIME_NONE:
        buffer.pts = buffer.dts
    return Gst.PadProbeReturn.OK


def on_media_configure(_factory, media):
    parse = media.get_element().get_by_name("parse")
    parse.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, copy_dts_to_pts)


# The role every client gets: with an auth object set (which is where gst-rtsp-server keeps its
# TLS certificate), a client without one would be refused the media factory.
ANONYMOUS_ROLE = "anonymous"


def tls_auth(certificate, key):
    """An auth that makes every connection TLS with certificate, and lets anyone play."""
    auth = GstRtspServer.RTSPAuth()
    auth.set_tls_certificate(Gio.TlsCertificate.new_from_files(certificate, key))
    token = GstRtspServer.RTSPToken()
    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, ANONYMOUS_ROLE)
    auth.set_default_token(token)
    return auth


def allow_anonymous(factory):
    factory.add_role_from_structure(Gst.Structure.new_from_string(
        f"{ANONYMOUS_ROLE}, {GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS}=(boolean)true, "
        f"{GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT}=(boolean)true"))


def create_server(args):
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_shared(True)
    if args.relay:
        factory.set_launch(RELAY_LAUNCH.format(url=args.relay))
    else:
        factory.set_launch(LAUNCH.format(file=args.file, fps=args.fps))
        factory.connect("media-configure", on_media_configure)

    server = GstRtspServer.RTSPServer()
    if args.tls_certificate:
        server.set_auth(tls_auth(args.tls_certificate, args.tls_key))
        allow_anonymous(factory)
    server.set_address(args.bind)
    server.set_service(str(args.port))
    server.set_backlog(LISTEN_BACKLOG)
    server.get_mount_points().add_factory("/test", factory)
    return server, factory


def prepare_shared_media(factory, url, on_ready):
    """Builds and prerolls the shared pipeline before any client comes, as MediaActors reads its
    file from the start, so that the first client's time to first packet does not include
    starting GStreamer. The factory keeps this media and hands it to every client of the URL,
    and this extra prepare keeps it prepared when clients leave. Preparing blocks until the
    pipeline's bus messages arrive on the main loop, hence a thread of its own."""
    def prepare():
        media = factory.construct(GstRtsp.RTSPUrl.parse(url)[1])
        if media is None or not media.prepare(None):
            print(f"cannot prepare the pipeline for {url}", file=sys.stderr)
            os._exit(1)
        GLib.idle_add(on_ready)

    threading.Thread(target=prepare, daemon=True).start()


def main():
    args = parse_args()
    Gst.init(None)
    server, factory = create_server(args)
    if server.attach(None) == 0:
        sys.exit(f"cannot listen on {args.bind}:{args.port}")
    scheme = "rtsps" if args.tls_certificate else "rtsp"
    url = f"{scheme}://{args.bind}:{server.get_bound_port()}/test"
    prepare_shared_media(factory, url, on_ready=lambda: print(url, flush=True))

    loop = GLib.MainLoop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, loop.quit)
    loop.run()


if __name__ == "__main__":
    main()
