// Sounds people notice in a noisy hall: short WAV clips synthesised once in memory and played through
// <audio> elements (CSP allows blob: media), plus repeating alarms that run until someone stops them.
// `window.__shiplockSound` counts what was asked and what actually played (tests assert on it).

export type SoundKind = 'alarm' | 'ok' | 'warn' | 'wrong' | 'offline' | 'out' | 'banner';

interface Tone {
  f: number;
  ms: number;
  /** square is harsh (alarms), sine is soft (ok). */
  wave?: 'square' | 'sine' | 'saw';
  gap?: number;
}

const CLIPS: Record<SoundKind, { tones: Tone[]; volume: number }> = {
  // A two-tone siren, ~1.7 s; repeated by the loops below until acknowledged.
  alarm: { tones: Array.from({ length: 8 }, (_, i) => ({ f: i % 2 ? 620 : 960, ms: 180, wave: 'square' as const })), volume: 1 },
  banner: {
    tones: [
      { f: 880, ms: 140, wave: 'square' },
      { f: 660, ms: 140, wave: 'square' },
      { f: 880, ms: 140, wave: 'square' },
      { f: 660, ms: 260, wave: 'square' },
    ],
    volume: 0.9,
  },
  ok: { tones: [{ f: 1320, ms: 90, wave: 'sine' }], volume: 0.6 },
  out: {
    tones: [
      { f: 1046, ms: 90, wave: 'sine' },
      { f: 1568, ms: 160, wave: 'sine' },
    ],
    volume: 0.7,
  },
  warn: {
    tones: [
      { f: 440, ms: 160, wave: 'sine' },
      { f: 440, ms: 160, wave: 'sine' },
    ],
    volume: 0.7,
  },
  // Wrong item / too many: a low buzz, clearly not the "not found" double beep.
  wrong: { tones: [{ f: 180, ms: 600, wave: 'saw' }], volume: 0.9 },
  // Station unreachable: a falling three-note figure.
  offline: {
    tones: [
      { f: 784, ms: 220, wave: 'square', gap: 60 },
      { f: 523, ms: 220, wave: 'square', gap: 60 },
      { f: 262, ms: 420, wave: 'square' },
    ],
    volume: 1,
  },
};

const RATE = 22_050;

/** 16-bit mono PCM WAV of a tone sequence. */
function wav(tones: Tone[], volume: number): Blob {
  const samples: number[] = [];
  for (const t of tones) {
    const n = Math.round((RATE * t.ms) / 1000);
    for (let i = 0; i < n; i++) {
      const phase = (i * t.f) / RATE;
      const x = phase - Math.floor(phase);
      const v = t.wave === 'sine' ? Math.sin(2 * Math.PI * phase) : t.wave === 'saw' ? 2 * x - 1 : x < 0.5 ? 1 : -1;
      const env = Math.min(1, i / 80, (n - i) / 80); // no clicks
      samples.push(v * env * volume * 0.6);
    }
    const gap = Math.round((RATE * (t.gap ?? 30)) / 1000);
    for (let i = 0; i < gap; i++) samples.push(0);
  }
  const buf = new ArrayBuffer(44 + samples.length * 2);
  const d = new DataView(buf);
  const str = (o: number, s: string) => [...s].forEach((c, i) => d.setUint8(o + i, c.charCodeAt(0)));
  str(0, 'RIFF');
  d.setUint32(4, 36 + samples.length * 2, true);
  str(8, 'WAVEfmt ');
  d.setUint32(16, 16, true);
  d.setUint16(20, 1, true);
  d.setUint16(22, 1, true);
  d.setUint32(24, RATE, true);
  d.setUint32(28, RATE * 2, true);
  d.setUint16(32, 2, true);
  d.setUint16(34, 16, true);
  str(36, 'data');
  d.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => d.setInt16(44 + i * 2, Math.max(-1, Math.min(1, s)) * 0x7fff, true));
  return new Blob([buf], { type: 'audio/wav' });
}

export interface SoundStats {
  /** play() asked, per kind. */
  asked: Partial<Record<SoundKind, number>>;
  /** play() resolved: the browser is playing it. */
  played: Partial<Record<SoundKind, number>>;
  /** Refused by the autoplay policy (no key press or click on the page yet). */
  blocked: number;
  /** Loops running now. */
  loops: string[];
}

declare global {
  interface Window {
    __shiplockSound?: SoundStats;
  }
}

const stats: SoundStats = { asked: {}, played: {}, blocked: 0, loops: [] };
if (typeof window !== 'undefined') window.__shiplockSound = stats;

const urls = new Map<SoundKind, string>();
const players = new Map<SoundKind, HTMLAudioElement>();
const blockedListeners = new Set<(blocked: boolean) => void>();
let lastBlocked = false;

function setBlocked(b: boolean) {
  if (b === lastBlocked) return;
  lastBlocked = b;
  for (const l of blockedListeners) l(b);
}

/** Told when the browser refuses sound until the page is clicked or a key is pressed. */
export function onSoundBlocked(fn: (blocked: boolean) => void): () => void {
  blockedListeners.add(fn);
  fn(lastBlocked);
  return () => blockedListeners.delete(fn);
}

/** Plays a clip from the start; never throws (no audio here: the screen still says it). */
export function playSound(kind: SoundKind): void {
  stats.asked[kind] = (stats.asked[kind] ?? 0) + 1;
  try {
    let el = players.get(kind);
    if (!el) {
      let url = urls.get(kind);
      if (!url) {
        url = URL.createObjectURL(wav(CLIPS[kind].tones, CLIPS[kind].volume));
        urls.set(kind, url);
      }
      el = new Audio(url);
      el.preload = 'auto';
      players.set(kind, el);
    }
    el.currentTime = 0;
    el.play().then(
      () => {
        stats.played[kind] = (stats.played[kind] ?? 0) + 1;
        setBlocked(false);
      },
      (e: Error) => {
        if (e.name === 'NotAllowedError') {
          stats.blocked++;
          setBlocked(true);
        }
      },
    );
  } catch {
    /* no audio */
  }
}

const loops = new Map<string, ReturnType<typeof setInterval>>();

/** Plays now and again every `everyMs` until stopLoop(key); starting a running key does nothing. */
export function startLoop(key: string, kind: SoundKind, everyMs: number): void {
  if (loops.has(key)) return;
  playSound(kind);
  loops.set(
    key,
    setInterval(() => playSound(kind), everyMs),
  );
  stats.loops = [...loops.keys()];
}

export function stopLoop(key: string): void {
  const id = loops.get(key);
  if (id === undefined) return;
  clearInterval(id);
  loops.delete(key);
  stats.loops = [...loops.keys()];
}

/** After the autoplay policy refused: retry on the next click or key press. */
if (typeof window !== 'undefined') {
  const unlock = () => {
    if (!lastBlocked) return;
    const el = new Audio(urls.get('ok') ?? URL.createObjectURL(wav([{ f: 1, ms: 10 }], 0)));
    el.volume = 0;
    el.play().then(
      () => setBlocked(false),
      () => undefined,
    );
  };
  window.addEventListener('keydown', unlock, true);
  window.addEventListener('pointerdown', unlock, true);
}
