using System;
using System.Collections;
using DualReader.Sim.Board;

namespace DualReader.Tests.Support
{
    /// <summary>
    /// Watches a simulated UART's whole output for byte sequences (a PAN's digits, say) as it is written, in bounded
    /// memory: runs longer than the UART holds (an hour of reader time sends about half a megabyte) are scanned too.
    /// The output is searched a chunk at a time, each chunk starting with the end of the previous one, so a sequence
    /// split across two writes or two chunks is still found.
    /// </summary>
    public sealed class UartSequenceWatch : IUartSink
    {
        private const int ChunkSize = 4096;

        private readonly ArrayList sequences;
        private readonly byte[] window;
        private readonly int overlap;
        private int filled;
        private int alreadyScanned;

        /// <summary>Watches for every byte[] in <paramref name="sequences"/>.</summary>
        public UartSequenceWatch(ArrayList sequences)
        {
            if (sequences == null || sequences.Count == 0)
            {
                throw new ArgumentException("at least one sequence", "sequences");
            }

            int longest = 0;
            for (int index = 0; index < sequences.Count; index++)
            {
                int length = ((byte[])sequences[index]).Length;
                longest = length > longest ? length : longest;
            }

            this.sequences = sequences;
            overlap = longest - 1;
            window = new byte[ChunkSize + overlap];
        }

        /// <summary>Times a watched sequence was found so far (call <see cref="Finish"/> first for the last chunk).</summary>
        public int Matches { get; private set; }

        /// <summary>Bytes watched.</summary>
        public long BytesWatched { get; private set; }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            BytesWatched += count;
            while (count > 0)
            {
                int take = window.Length - filled < count ? window.Length - filled : count;
                Array.Copy(buffer, offset, window, filled, take);
                filled += take;
                offset += take;
                count -= take;
                if (filled == window.Length)
                {
                    Scan();

                    // Keep the last overlap bytes: a sequence ending in the next chunk may start in them.
                    Array.Copy(window, filled - overlap, window, 0, overlap);
                    filled = overlap;
                    alreadyScanned = overlap;
                }
            }
        }

        /// <summary>Scans what is not yet scanned; returns <see cref="Matches"/>.</summary>
        public int Finish()
        {
            Scan();
            alreadyScanned = filled;
            return Matches;
        }

        // Counts the sequences that end in the bytes not scanned yet (those before were counted by an earlier scan).
        private void Scan()
        {
            for (int index = 0; index < sequences.Count; index++)
            {
                byte[] sequence = (byte[])sequences[index];
                int firstStart = alreadyScanned - sequence.Length + 1;
                for (int start = firstStart < 0 ? 0 : firstStart; start + sequence.Length <= filled; start++)
                {
                    int matched = 0;
                    while (matched < sequence.Length && window[start + matched] == sequence[matched])
                    {
                        matched++;
                    }

                    if (matched == sequence.Length)
                    {
                        Matches++;
                    }
                }
            }
        }
    }
}
