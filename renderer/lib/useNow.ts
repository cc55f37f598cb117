import { useEffect, useState } from 'react';

/** The time now (epoch ms), once a second: clocks tick and ages count up. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}
