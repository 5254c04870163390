// ECharts, loaded on first use (the sign-in page never pays for it). Tooltips render on the
// canvas (renderMode richText): no HTML is built from data, so names from SBOMs cannot inject
// markup, and the strict Content-Security-Policy needs no inline styles.
import { useEffect, useRef } from 'react';
import type * as EChartsCore from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { useTheme } from './theme';

type ECharts = typeof EChartsCore;
let loading: Promise<ECharts> | undefined;

function loadCharts(): Promise<ECharts> {
  loading ??= import('./echarts-setup').then((m) => m.echarts);
  return loading;
}

/** Colours of the current theme, read from the CSS custom properties. */
function palette() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return { fg: v('--fg'), muted: v('--muted'), grid: v('--border'), bg: v('--panel') };
}

/** A chart of `option`; `label` describes it for screen readers. */
export function Chart({ option, label, height = 260 }: { option: EChartsCoreOption; label: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const [theme] = useTheme();
  useEffect(() => {
    let disposed = false;
    let chart: ReturnType<ECharts['init']> | undefined;
    let observer: ResizeObserver | undefined;
    void loadCharts().then((echarts) => {
      if (disposed || !ref.current) return;
      const c = palette();
      chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
      chart.setOption({
        textStyle: { color: c.fg, fontFamily: 'inherit' },
        aria: { enabled: true, label: { description: label } },
        tooltip: { renderMode: 'richText', backgroundColor: c.bg, borderColor: c.grid, textStyle: { color: c.fg } },
        legend: { textStyle: { color: c.muted } },
        ...option,
      });
      observer = new ResizeObserver(() => chart?.resize());
      observer.observe(ref.current);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [option, label, theme]);
  return <div ref={ref} className="chart" role="img" aria-label={label} style={{ height }} />;
}

/** Axis styling for the current theme. */
export function axisStyle() {
  const c = palette();
  return {
    axisLine: { lineStyle: { color: c.grid } },
    axisLabel: { color: c.muted },
    splitLine: { lineStyle: { color: c.grid } },
  };
}

/** Colours per severity, shared by charts and badges. */
export const SEVERITY_COLORS: Record<string, string> = {
  critical: '#b91c1c',
  high: '#ea580c',
  medium: '#ca8a04',
  low: '#2563eb',
  none: '#64748b',
  unknown: '#94a3b8',
};
