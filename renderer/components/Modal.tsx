import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** A small modal dialog; Esc or the backdrop closes it. */
export function Modal({
  title,
  onClose,
  children,
  testid,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: React.ReactNode;
  testid?: string;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`modal${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} data-testid={testid}>
        <header className="modal-head">
          <h2>{title}</h2>
          <button type="button" className="btn icon" onClick={onClose} aria-label={t('detail.close')}>
            ✕
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}
