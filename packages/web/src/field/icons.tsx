/**
 * Small icons drawn as SVG, never as characters: symbols such as ✓ ⚙ ← are not in the self-hosted Noto fonts and
 * would show as empty boxes on a phone without them (e2e/field-app-i18n.test.ts checks every character shown).
 */
const PATHS = {
  check: 'M4 12.5l5 5L20 6.5',
  cross: 'M6 6l12 12M18 6L6 18',
  clock: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM12 7v5l3.5 2.5',
  back: 'M20 12H5M11 5l-7 7l7 7',
  menu: 'M4 6.5h16M4 12h16M4 17.5h16',
  speaker: 'M4 9h4l5-4v14l-5-4H4zM16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = '1.1em' }: { name: IconName; size?: string }) {
  return (
    <svg className="f-icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth={2.4} strokeLinecap="round" strokeLinejoin="round">
      <path d={PATHS[name]} />
    </svg>
  );
}
