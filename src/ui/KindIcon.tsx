import { createElement } from 'react';
import { iconFor } from './icons';

/** The icon of a node kind, by its catalog icon name. */
export function KindIcon({
  name,
  size = 16,
  className,
}: {
  name: string | undefined;
  size?: number;
  className?: string;
}) {
  return createElement(iconFor(name), { size, className, 'aria-hidden': true, strokeWidth: 1.75 });
}
