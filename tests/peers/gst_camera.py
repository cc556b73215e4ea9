#!/usr/bin/python3
"""A real IP camera for the tests: gst-rtsp-server serving a live test picture (videotestsrc,
encoded by x264 or x265) and optionally a live tone (G.711 or AAC), at rtsp://127.0.0.1:PORT/PATH.
One shared pipeline for every client, prepared before the URL is printed, as a camera encodes
whether anyone watches or not. Optional Digest authentication and a restriction of the lower
transports (TCP interleaved, UDP or both).

--record turns it into the other kind of peer: a server that takes an ANNOUNCE/RECORD publisher
at the path and writes the video it receives to --record-file as an Annex-B elementary stream
(the audio, with --audio, next to it as <record-file>.<codec>), which ffprobe can then read.

Prints the stream URL on stdout once serving, runs until SIGTERM or SIGINT, and exits with 0.
Needs the Debian python3-gi and gir1.2-gst-rtsp-server-1.0, so run it with /usr/bin/python3."""
import argparse
import os
import signal
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

# The encoders as a camera runs them: no lookahead or B-frames, a keyframe every second at
# 25 fps. The parsers (config-interval=-1) put the parameter sets before every keyframe, and
# the payloaders (config-interval=1) send them every second as well: a client that joins late
# finds them in-band, not only in the SDP's sprop parameters.
VIDEO = {
    "h264": ("x264enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate={bitrate} "
             "! h264parse config-interval=-1 "
             "! rtph264pay name=pay0 pt=96 config-interval=1"),
    "h265": ("x265enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate={bitrate} "
             "option-string=repeat-headers=1:log-level=error ! h265parse config-interval=-1 "
             "! rtph265pay name=pay0 pt=96 config-interval=1"),
}

AUDIO_SOURCE = "audiotestsrc is-live=true wave=sine freq=440 volume=0.3 ! audioconvert ! audioresample"

# G.711 at its only rate, 8000 Hz mono, with its static payload types (RFC 3551).
AUDIO = {
    "pcmu": "audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay name=pay1 pt=0",
    "pcma": "audio/x-raw,rate=8000,channels=1 ! alawenc ! rtppcmapay name=pay1 pt=8",
    "aac": "audio/x-raw,rate=48000,channels=1 ! {aac} ! aacparse ! rtpmp4gpay name=pay1 pt=97",
}

# The AAC encoders GStreamer may have, best first: libav's (gstreamer1.0-libav), the Fraunhofer
# one (gstreamer1.0-plugins-bad, when built with it) and VisualOn's (gstreamer1.0-plugins-bad).
AAC_ENCODERS = ("avenc_aac", "fdkaacenc", "voaacenc")

# What --record writes: the video as an Annex-B stream (SPS/PPS before every keyframe, so any
# cut of the file decodes), the audio as raw G.711 or ADTS AAC. Unbuffered, so a test may read
# the file while the publisher still records, and a killed server leaves whole packets behind.
RECORD_VIDEO = {
    "h264": ("rtph264depay name=depay0 ! h264parse config-interval=-1 "
             "! video/x-h264,stream-format=byte-stream,alignment=au ! filesink location={file} buffer-mode=2"),
    "h265": ("rtph265depay name=depay0 ! h265parse config-interval=-1 "
             "! video/x-h265,stream-format=byte-stream,alignment=au ! filesink location={file} buffer-mode=2"),
}
RECORD_AUDIO = {
    "pcmu": "rtppcmudepay name=depay1 ! filesink location={file} buffer-mode=2",
    "pcma": "rtppcmadepay name=depay1 ! filesink location={file} buffer-mode=2",
    "aac": ("rtpmp4gdepay name=depay1 ! aacparse ! audio/mpeg,stream-format=adts "
            "! filesink location={file} buffer-mode=2"),
}

PROTOCOLS = {
    "tcp": GstRtsp.RTSPLowerTrans.TCP,
    "udp": GstRtsp.RTSPLowerTrans.UDP,
    "both": GstRtsp.RTSPLowerTrans.TCP | GstRtsp.RTSPLowerTrans.UDP,
}

ROLE = "user"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--codec", choices=sorted(VIDEO), default="h264")
    parser.add_argument("--audio", choices=["none", *sorted(AUDIO)], default="none")
    parser.add_argument("--port", type=int, default=8554, help="0: any free port (the URL tells which)")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--path", default="/cam")
    parser.add_argument("--user", help="with --password: require Digest authentication")
    parser.add_argument("--password")
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=360)
    parser.add_argument("--fps", type=int, default=25)
    parser.add_argument("--bitrate", type=int, default=1000, help="video bitrate in kbit/s")
    parser.add_argument("--pattern", default="ball", help="videotestsrc pattern: ball, smpte, ...")
    parser.add_argument("--protocols", choices=sorted(PROTOCOLS), default="both",
                        help="the lower transports clients may SETUP")
    parser.add_argument("--record", action="store_true", help="take an ANNOUNCE/RECORD publisher instead of serving")
    parser.add_argument("--record-file", help="where --record writes the received video (Annex-B)")
    args = parser.parse_args()
    if not args.path.startswith("/"):
        args.path = "/" + args.path
    if (args.user is None) != (args.password is None):
        parser.error("--user and --password go together")
    if args.record and not args.record_file:
        parser.error("--record needs --record-file")
    return args


def aac_encoder():
    for name in AAC_ENCODERS:
        if Gst.ElementFactory.find(name) is not None:
            return name
    sys.exit(f"no AAC encoder: none of {', '.join(AAC_ENCODERS)} is installed (gstreamer1.0-libav has avenc_aac)")


def camera_launch(args):
    video = (f"videotestsrc is-live=true pattern={args.pattern} "
             f"! video/x-raw,width={args.width},height={args.height},framerate={args.fps}/1 ! videoconvert ! "
             + VIDEO[args.codec].format(gop=args.fps, bitrate=args.bitrate))
    if args.audio == "none":
        return f"( {video} )"
    audio = AUDIO[args.audio].format(aac=aac_encoder() if args.audio == "aac" else "")
    return f"( {video} {AUDIO_SOURCE} ! {audio} )"


def record_launch(args):
    video = RECORD_VIDEO[args.codec].format(file=args.record_file)
    if args.audio == "none":
        return f"( {video} )"
    return f"( {video} {RECORD_AUDIO[args.audio].format(file=f'{args.record_file}.{args.audio}')} )"


def create_factory(args):
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_protocols(PROTOCOLS[args.protocols])
    if args.record:
        factory.set_launch(record_launch(args))
        factory.set_transport_mode(GstRtspServer.RTSPTransportMode.RECORD)
    else:
        factory.set_launch(camera_launch(args))
        factory.set_shared(True)
        # A live camera cannot seek, but videotestsrc answers the seeking query with yes: a
        # PLAY with a Range (ffmpeg sends npt=0.000-) would then seek the shared pipeline and,
        # when that fails, get 503. In this mode the server never takes the media as seekable.
        factory.set_publish_clock_mode(GstRtspServer.RTSPPublishClockMode.CLOCK_AND_OFFSET)
    if args.user is not None:
        # Only the role the user's token names may see and build the media.
        factory.add_role_from_structure(Gst.Structure.new_from_string(
            f"{ROLE}, media.factory.access=(boolean)true, media.factory.construct=(boolean)true"))
    return factory


def create_auth(args):
    """Digest authentication as gst-rtsp-server's test-auth-digest example sets it up: one user
    whose token carries the role the factory admits."""
    auth = GstRtspServer.RTSPAuth()
    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    token = GstRtspServer.RTSPToken()
    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, ROLE)
    auth.add_digest(args.user, args.password, token)
    return auth


def create_server(args, factory):
    server = GstRtspServer.RTSPServer()
    server.set_address(args.bind)
    server.set_service(str(args.port))
    server.get_mount_points().add_factory(args.path, factory)
    if args.user is not None:
        server.set_auth(create_auth(args))
    return server


def prepare_shared_media(factory, url, on_ready):
    """Builds the camera's shared pipeline and starts encoding before any client comes; the
    factory hands this media to every client of the URL and the extra prepare keeps it running
    when they leave. Preparing blocks until the pipeline's bus messages arrive on the main
    loop, hence a thread of its own."""
    def prepare():
        media = factory.construct(GstRtsp.RTSPUrl.parse(url)[1])
        if media is None or not media.prepare(None):
            print(f"cannot prepare the pipeline for {url}", file=sys.stderr, flush=True)
            os._exit(1)
        GLib.idle_add(on_ready)

    threading.Thread(target=prepare, daemon=True).start()


def close_clients(server):
    """Ends every session, which stops the pipelines: a recording's file is closed whole."""
    server.client_filter(lambda _server, _client: GstRtspServer.RTSPFilterResult.REMOVE)


def main():
    args = parse_args()
    Gst.init(None)
    factory = create_factory(args)
    server = create_server(args, factory)
    if server.attach(None) == 0:
        sys.exit(f"cannot listen on {args.bind}:{args.port}")
    url = f"rtsp://{args.bind}:{server.get_bound_port()}{args.path}"

    def ready():
        print(url, flush=True)
        return GLib.SOURCE_REMOVE

    if args.record:
        ready()
    else:
        prepare_shared_media(factory, url, on_ready=ready)

    loop = GLib.MainLoop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, loop.quit)
    loop.run()
    close_clients(server)


if __name__ == "__main__":
    main()
