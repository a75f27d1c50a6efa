/** Where the page finds an image of the open data set: its number is in the address, so no image outlives its data set. */
export function imageUrl(
  dataSet: { id: number },
  split: 'train' | 'validation' | 'test',
  index: number,
  /** 'input': the decoded pixels at their own size, as the network reads them */
  kind: 'thumbnail' | 'original' | 'input' = 'thumbnail',
): string {
  return `images/${dataSet.id}/${split}/${index}/${kind}`;
}
