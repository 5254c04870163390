// Light and dark themes: follows the system until the user picks one, remembered per browser.
import { useEffect, useSyncExternalStore } from 'react';

type Theme = 'light' | 'dark';
const KEY = 'ospo.theme';
const listeners = new Set<() => void>();

function system(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
function read(): Theme {
  const stored = localStorage.getItem(KEY);
  return stored === 'dark' || stored === 'light' ? stored : system();
}

/** The current theme and a setter; the <html data-theme> attribute follows it. */
export function useTheme(): [Theme, (t: Theme) => void] {
  const theme = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    read,
  );
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const set = (t: Theme) => {
    localStorage.setItem(KEY, t);
    for (const l of listeners) l();
  };
  return [theme, set];
}
