/** Convolution geometries on small odd shapes, for the conv layer's and the patches' tests. */
import type { Conv2dSpec, TensorShape } from '../../src/core/architecture.ts';
import { convGeometry, type ConvGeometry } from '../../src/core/layers/conv2d.ts';

/** A convolution's window: its spec without type and activation. */
export type ConvWindow = Pick<Conv2dSpec, 'filters' | 'kernel' | 'stride' | 'padding'>;

export function convSpec(window: ConvWindow): Conv2dSpec {
  return { type: 'conv2d', activation: 'linear', ...window };
}

export function geometry(input: TensorShape, window: ConvWindow): ConvGeometry {
  const g = convGeometry(input, convSpec(window));
  if (typeof g === 'string') throw new Error(g);
  return g;
}

export const INPUT: TensorShape = { height: 5, width: 7, channels: 3 };

const CASES: [TensorShape, ConvWindow][] = [
  ...[3, 2].flatMap((kernel) =>
    [1, 2].flatMap((stride) =>
      (['same', 'valid'] as const).map((padding): [TensorShape, ConvWindow] => [
        INPUT,
        { filters: 4, kernel, stride, padding },
      ]),
    ),
  ),
  [
    { height: 6, width: 6, channels: 2 },
    { filters: 3, kernel: 3, stride: 2, padding: 'same' },
  ],
];

/**
 * [name, input, window]: 3×3 and 2×2 kernels, stride 1 and 2, 'same' and 'valid', on 5×7×3;
 * and 'same' padding that is all after the image (6×6, 3×3 stride 2)
 */
export const GEOMETRIES: [string, TensorShape, ConvWindow][] = CASES.map(([input, w]) => [
  `${w.kernel}×${w.kernel} stride ${w.stride} ${w.padding} on ${input.height}×${input.width}×${input.channels}`,
  input,
  w,
]);
