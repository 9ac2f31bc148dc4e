// Test audio made without extra packages: WAV files written byte by byte (RIFF header + 16-bit PCM
// sine), MP3 files encoded by the ffmpeg command when it is installed. Used by the upload tests and
// by bench/upload/upload.mjs (which streams PCM without holding the file in memory).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const WAV_HEADER_BYTES = 44;

/** The 44-byte header of a canonical PCM WAV file holding `dataBytes` bytes of samples. */
export function wavHeader(dataBytes, { sampleRate = 44_100, channels = 2, bitsPerSample = 16 } = {}) {
  const blockAlign = channels * (bitsPerSample / 8);
  const header = Buffer.alloc(WAV_HEADER_BYTES);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // size of the fmt chunk
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/**
 * `frames` sample frames of a 16-bit sine at `frequency` Hz, starting at frame `firstFrame` (so that
 * consecutive pieces join without a click), the same sample on every channel.
 */
export function sinePcm(frames, { firstFrame = 0, sampleRate = 44_100, channels = 2, frequency = 440, amplitude = 0.3 } = {}) {
  const pcm = Buffer.alloc(frames * channels * 2);
  const step = (2 * Math.PI * frequency) / sampleRate;
  for (let i = 0; i < frames; i++) {
    const sample = Math.round(Math.sin((firstFrame + i) * step) * amplitude * 32767);
    for (let c = 0; c < channels; c++) pcm.writeInt16LE(sample, (i * channels + c) * 2);
  }
  return pcm;
}

/** A whole WAV file of `seconds` of sine, as a Buffer. */
export function wavBytes({ seconds = 3, sampleRate = 44_100, channels = 2, frequency = 440 } = {}) {
  const frames = Math.round(seconds * sampleRate);
  const pcm = sinePcm(frames, { sampleRate, channels, frequency });
  return Buffer.concat([wavHeader(pcm.length, { sampleRate, channels }), pcm]);
}

/**
 * The bytes [offset, offset + length) of a WAV file of `totalBytes` bytes (header + 16-bit PCM sine),
 * computed on demand: the file never exists in memory as a whole. `totalBytes - 44` must be a
 * multiple of the frame size (channels * 2).
 */
export function wavSlice(totalBytes, offset, length, { sampleRate = 44_100, channels = 2, frequency = 440 } = {}) {
  const frameBytes = channels * 2;
  const dataBytes = totalBytes - WAV_HEADER_BYTES;
  if (dataBytes <= 0 || dataBytes % frameBytes !== 0) throw new Error(`wavSlice: ${totalBytes} - 44 is not a whole number of ${frameBytes}-byte frames`);
  const end = Math.min(totalBytes, offset + length);
  const out = Buffer.alloc(end - offset);
  let written = 0;
  if (offset < WAV_HEADER_BYTES) {
    const header = wavHeader(dataBytes, { sampleRate, channels });
    written = header.copy(out, 0, offset, Math.min(WAV_HEADER_BYTES, end));
  }
  const pcmStart = Math.max(offset, WAV_HEADER_BYTES) - WAV_HEADER_BYTES; // byte offset into the PCM data
  const pcmEnd = end - WAV_HEADER_BYTES;
  if (pcmEnd > pcmStart) {
    const firstFrame = Math.floor(pcmStart / frameBytes);
    const lastFrame = Math.ceil(pcmEnd / frameBytes);
    const pcm = sinePcm(lastFrame - firstFrame, { firstFrame, sampleRate, channels, frequency });
    pcm.copy(out, written, pcmStart - firstFrame * frameBytes, pcmEnd - firstFrame * frameBytes);
  }
  return out;
}

let ffmpegChecked;
/** True when the ffmpeg command runs. */
export function hasFfmpeg() {
  if (ffmpegChecked === undefined) {
    const probe = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    ffmpegChecked = probe.status === 0;
  }
  return ffmpegChecked;
}

/**
 * An MP3 file of `seconds` of sine encoded by ffmpeg at `bitrate`, with the ID3 tags given
 * (title, artist, album), as a Buffer. Throws when ffmpeg is missing: check hasFfmpeg() first.
 */
export function mp3Bytes({ seconds = 3, frequency = 440, bitrate = '128k', tags = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'omb-mp3-'));
  try {
    const out = join(dir, 'out.mp3');
    const metadata = Object.entries(tags).flatMap(([key, value]) => ['-metadata', `${key}=${value}`]);
    execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=${frequency}:duration=${seconds}`,
      '-b:a', bitrate, ...metadata, out], { stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}
