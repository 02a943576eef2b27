/**
 * Reading the closing summary aloud (window.speechSynthesis) in the app's language, where the phone has a voice
 * for it. No voice for the language, or no speech at all: the screen says so and nothing breaks; a voice of
 * another language is never used (it would read Hindi words as noise).
 */
const TAGS: Record<string, string> = { en: 'en-IN', hi: 'hi-IN', bn: 'bn-IN', or: 'or-IN' };

export type VoiceCheck = { status: 'ok'; voice: SpeechSynthesisVoice } | { status: 'no-speech' } | { status: 'no-voice' };

function synth(): SpeechSynthesis | undefined {
  try {
    return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : undefined;
  } catch {
    return undefined;
  }
}

/** The best voice for `lang`: its Indian variant first, then any of the language. */
export function pickVoice(voices: readonly Pick<SpeechSynthesisVoice, 'lang'>[], lang: string): number {
  const norm = (l: string) => l.toLowerCase().replace('_', '-');
  const tag = norm(TAGS[lang] ?? lang);
  const exact = voices.findIndex((v) => norm(v.lang) === tag);
  if (exact >= 0) return exact;
  return voices.findIndex((v) => norm(v.lang).split('-')[0] === lang);
}

export async function findVoice(lang: string): Promise<VoiceCheck> {
  const s = synth();
  if (!s) return { status: 'no-speech' };
  let voices = s.getVoices();
  if (voices.length === 0) {
    // Some browsers fill the list a moment later.
    voices = await new Promise<SpeechSynthesisVoice[]>((resolve) => {
      const done = () => resolve(s.getVoices());
      const timer = setTimeout(done, 800);
      s.addEventListener?.(
        'voiceschanged',
        () => {
          clearTimeout(timer);
          done();
        },
        { once: true },
      );
    });
  }
  const i = pickVoice(voices, lang);
  return i >= 0 ? { status: 'ok', voice: voices[i]! } : { status: 'no-voice' };
}

/** Speaks the lines one after the other; returns false when it could not. */
export function speak(lines: string[], voice: SpeechSynthesisVoice, rate = 0.9): boolean {
  const s = synth();
  if (!s || typeof SpeechSynthesisUtterance === 'undefined') return false;
  try {
    s.cancel();
    for (const line of lines) {
      const u = new SpeechSynthesisUtterance(line);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = rate;
      s.speak(u);
    }
    return true;
  } catch {
    return false;
  }
}

export function stopSpeaking(): void {
  try {
    synth()?.cancel();
  } catch {
    // nothing to stop
  }
}
