export const resources: string;
export const ICONS: [file: string, size: number][];
export function renderIcon(size: number): Promise<Buffer>;
