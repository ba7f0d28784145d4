// A bar on every screen (the pack station has its own full-screen stop) while the station cannot be reached.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnection } from '../api/connection.js';
import './alarms.css';

export function OfflineBar() {
  const { t } = useTranslation();
  const { online, offlineSince } = useConnection();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (online) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [online]);
  if (online || offlineSince == null) return null;
  const secs = Math.max(0, Math.round((now - offlineSince) / 1000));
  return (
    <div className="offline-bar" role="alert" data-testid="offline-bar">
      <b>{t('net.offline')}</b>
      <span>{t('net.offlineBar', { secs })}</span>
    </div>
  );
}
