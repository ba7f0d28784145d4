import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportFileError, ImportResult } from '../../shared/api/contract.js';
import type { UnknownHeaderView } from '../../shared/api/mappings.js';
import { ApiClientError, importFiles, subscribe } from '../api/client.js';
import { useApp } from '../context.js';
import { MappingPanel } from './ImportMapping.js';

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; files: string[] }
  | { kind: 'done'; result: ImportResult }
  | { kind: 'rejected'; message: string; errors: ImportFileError[] }
  /** Some files have a header no reader knows: map it (then the same files are imported again). */
  | { kind: 'mapping'; files: File[]; headers: UnknownHeaderView[] }
  | { kind: 'failed'; message: string };

interface RowProgress {
  done: number;
  total: number;
}

export function ImportScreen() {
  const { t } = useTranslation();
  const { navigate, refreshCounts } = useApp();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [upload, setUpload] = useState(0);
  const [rows, setRows] = useState<Record<string, RowProgress>>({});
  const [dragging, setDragging] = useState(false);
  const running = phase.kind === 'running';
  const runningRef = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(
    () =>
      subscribe((e) => {
        if (e.kind === 'import.progress' && runningRef.current) {
          setRows((r) => ({ ...r, [e.file]: { done: e.done, total: e.total } }));
        }
      }),
    [],
  );

  const start = (list: FileList | File[] | null) => {
    const files = list ? Array.from(list) : [];
    if (!files.length || runningRef.current) return;
    runningRef.current = true;
    setUpload(0);
    setRows({});
    setPhase({ kind: 'running', files: files.map((f) => f.name) });
    importFiles(files, (loaded, total) => setUpload(total ? loaded / total : 1))
      .then((result) => {
        setPhase({ kind: 'done', result });
        refreshCounts();
      })
      .catch((e: unknown) => {
        if (e instanceof ApiClientError && e.code === 'unknown_header' && e.unknownHeaders.length)
          setPhase({ kind: 'mapping', files, headers: e.unknownHeaders });
        else if (e instanceof ApiClientError && e.errors.length) setPhase({ kind: 'rejected', message: e.message, errors: e.errors });
        else setPhase({ kind: 'failed', message: (e as Error).message });
      })
      .finally(() => {
        runningRef.current = false;
        if (inputRef.current) inputRef.current.value = '';
      });
  };

  const rowTotals = Object.values(rows).reduce((a, r) => ({ done: a.done + r.done, total: a.total + r.total }), { done: 0, total: 0 });
  // Upload is the first half of the bar, the station's row progress the second.
  const serverPart = rowTotals.total ? rowTotals.done / rowTotals.total : 0;
  const pct = Math.round((upload * 0.5 + serverPart * 0.5) * 100);

  return (
    <div className="page import">
      <header className="page-head">
        <h1>{t('import.title')}</h1>
        <p className="muted">{t('import.intro')}</p>
      </header>

      <label
        className={`dropzone${dragging ? ' over' : ''}${running ? ' busy' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          start(e.dataTransfer.files);
        }}
      >
        <div className="drop-icon" aria-hidden="true">
          ⇪
        </div>
        <div className="drop-title">{t('import.drop')}</div>
        <div className="drop-or">{t('import.or')}</div>
        <span className="btn primary">{t('import.choose')}</span>
        <div className="muted small">{t('import.hint')}</div>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept=".csv,.xlsx,.jsonl,.txt,text/csv"
          className="visually-hidden"
          data-testid="import-input"
          disabled={running}
          onChange={(e) => start(e.target.files)}
        />
      </label>

      {phase.kind === 'running' && (
        <section className="card" data-testid="import-progress">
          <div className="progress-label">
            <span>{upload < 1 ? t('import.uploading', { pct: Math.round(upload * 100) }) : t('import.processing')}</span>
            <span className="mono">{pct}%</span>
          </div>
          <div className="progress">
            <div className="progress-fill" style={{ width: `${pct}%` }} />
          </div>
          <ul className="file-progress">
            {phase.files.map((f) => {
              const r = rows[f];
              return (
                <li key={f}>
                  <span className="mono">{f}</span>
                  <span className="muted mono">{r ? t('import.rows', { done: r.done, total: r.total }) : '…'}</span>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {phase.kind === 'done' && (
        <section className="card success" data-testid="import-result">
          <div className="result-head">
            <h2>✓ {t('import.successTitle')}</h2>
            <div className="result-actions">
              <button className="btn primary" onClick={() => navigate('pending')} data-testid="to-pending">
                {t('import.toPending')}
              </button>
              <button className="btn" onClick={() => inputRef.current?.click()}>
                {t('import.again')}
              </button>
            </div>
          </div>
          <div className="stats">
            <div className="stat">
              <b data-testid="import-imported">{phase.result.imported}</b>
              <span>{t('import.imported')}</span>
            </div>
            <div className="stat">
              <b>{phase.result.updated}</b>
              <span>{t('import.updated')}</span>
            </div>
            <div className="stat">
              <b>{phase.result.unchanged}</b>
              <span>{t('import.unchanged')}</span>
            </div>
          </div>
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('import.file')}</th>
                <th>{t('import.kind')}</th>
                <th className="r">{t('import.rowsCol')}</th>
                <th className="r">{t('import.imported')}</th>
                <th className="r">{t('import.updated')}</th>
                <th className="r">{t('import.unchanged')}</th>
              </tr>
            </thead>
            <tbody>
              {phase.result.files.map((f) => (
                <tr key={f.file} data-testid="import-file" data-kind={f.kind} data-imported={f.imported}>
                  <td className="mono">{f.file}</td>
                  <td>{t(`import.kinds.${f.kind}`)}</td>
                  <td className="r mono">{f.rows}</td>
                  <td className="r mono">{f.imported}</td>
                  <td className="r mono">{f.updated}</td>
                  <td className="r mono">{f.unchanged}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {phase.result.rejected.length > 0 && (
            <>
              <h3>{t('import.rejectedTitle', { count: phase.result.rejected.length })}</h3>
              <table className="data-table" data-testid="import-rejected">
                <thead>
                  <tr>
                    <th>{t('import.file')}</th>
                    <th className="r">{t('import.row')}</th>
                    <th>{t('pending.col.tid')}</th>
                    <th>{t('import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {phase.result.rejected.map((r, i) => (
                    <tr key={i}>
                      <td className="mono">{r.file}</td>
                      <td className="r mono">{r.row}</td>
                      <td className="mono">{r.tid ?? '—'}</td>
                      <td>{r.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}

      {phase.kind === 'rejected' && (
        <section className="card danger" data-testid="import-errors">
          <h2>✕ {t('import.errorTitle')}</h2>
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('import.file')}</th>
                <th className="r">{t('import.row')}</th>
                <th>{t('import.field')}</th>
                <th>{t('import.message')}</th>
              </tr>
            </thead>
            <tbody>
              {phase.errors.map((er, i) => (
                <tr key={i} data-testid="import-error-row">
                  <td className="mono">{er.file}</td>
                  <td className="r mono">{er.row ?? '—'}</td>
                  <td className="mono">{er.field ?? '—'}</td>
                  <td>{er.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {phase.kind === 'mapping' && (
        <MappingPanel
          key={phase.headers[0]!.signature}
          header={phase.headers[0]!}
          remaining={phase.headers.length - 1}
          onSaved={() => start(phase.files)}
          onCancel={() => setPhase({ kind: 'idle' })}
        />
      )}

      {phase.kind === 'failed' && (
        <div className="banner error" data-testid="import-failed">
          {phase.message}
        </div>
      )}
    </div>
  );
}
