import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

/** A QR code of `text` drawn as SVG rectangles (no markup from strings). */
export function QrCode({ text, label }: { text: string; label: string }) {
  const cells = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text);
    qr.make();
    const n = qr.getModuleCount();
    const dark: [number, number][] = [];
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) if (qr.isDark(r, c)) dark.push([r, c]);
    }
    return { n, dark };
  }, [text]);
  const size = cells.n + 8;
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`-4 -4 ${size} ${size}`}
      width={size * 5}
      height={size * 5}
      shapeRendering="crispEdges"
      className="qr"
    >
      <rect x={-4} y={-4} width={size} height={size} fill="#fff" />
      {cells.dark.map(([r, c]) => (
        <rect key={`${r}-${c}`} x={c} y={r} width={1} height={1} fill="#000" />
      ))}
    </svg>
  );
}
