"""chart.png of a soak: every server's figures over time, the churning readers and their
cumulative loss, chaos events as vertical lines."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PANELS = [("rss_mib", "RSS (MiB)"), ("heap_mib", "managed heap (MiB)"), ("threads", "threads"),
          (("fds", "sockets"), "fds (solid) / sockets (dashed)"), ("actors", "actors alive"), ("readers", "readers (server's count)"),
          ("lost_healthy", "packets lost by healthy readers (cumulative)")]
COLORS = {"encoder": "tab:orange", "board": "tab:red", "camera": "tab:green", "publisher": "tab:purple",
          "relay": "tab:brown", "stop-camera": "tab:olive"}


def draw(path, samples, events, run_start):
    processes = sorted({row["process"] for row in samples})
    figure, axes = plt.subplots(len(PANELS), 1, figsize=(12, 2.3 * len(PANELS)), sharex=True)
    for axis, (figure_name, title) in zip(axes, PANELS):
        names = figure_name if isinstance(figure_name, tuple) else (figure_name,)
        for index, process in enumerate(processes):
            rows = [row for row in samples if row["process"] == process]
            for style, name in zip(("-", "--"), names):
                points = [((row["t"] - run_start) / 60, row[name]) for row in rows if row.get(name) not in (None, "")]
                if points:
                    axis.plot(*zip(*points), style, color=f"C{index}", label=process if style == "-" else None, linewidth=1)
        for event in events:
            axis.axvline((event["t"] - run_start) / 60, color=COLORS.get(event["kind"], "grey"), alpha=0.5, linewidth=0.8)
        axis.set_ylabel(title, fontsize=8)
        axis.grid(alpha=0.3)
    axes[0].legend(loc="upper left", fontsize=7, ncol=len(processes))
    handles = [plt.Line2D([], [], color=color, label=kind) for kind, color in COLORS.items()]
    axes[-1].legend(handles=handles, loc="upper left", fontsize=7, ncol=len(handles), title="chaos", title_fontsize=7)
    axes[-1].set_xlabel("minutes")
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
