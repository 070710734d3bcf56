"""The look the editors' pages share (the feedback report, the health page): one stylesheet."""

STYLE = """\
body { font: 15px/1.45 system-ui, sans-serif; color: #1b1b1b; }
body { margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 0.5rem 0; } figure svg { max-width: 100%; height: auto; }
section { border-top: 2px solid #1f4e79; margin-top: 2rem; }
"""
