/**
 * Registers the service worker (built as /sw.js by sw/plugin.ts) so that, after one visit, the app opens and works
 * with no network. Development (vite dev) has no worker: nothing is registered there.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
