using System;

namespace DualReader.Sim.Nrf24
{
    /// <summary>
    /// One of the nRF24L01+ model's payload FIFOs (PS 7.7: three levels of up to 32 bytes each, TX and RX alike).
    /// Each entry keeps its width, a pipe (RX: the pipe it arrived on; TX: the pipe of an ack payload, -1 for a PTX
    /// payload) and, for TX, whether it goes without ack. Index 0 is the head.
    /// </summary>
    public sealed class Nrf24PayloadFifo
    {
        /// <summary>Entries the FIFO holds (PS 7.7).</summary>
        public const int Depth = 3;

        /// <summary>Largest payload (PS 7.3.4).</summary>
        public const int PayloadSize = 32;

        private readonly byte[] data = new byte[Depth * PayloadSize];
        private readonly int[] widths = new int[Depth];
        private readonly int[] pipes = new int[Depth];
        private readonly bool[] noAck = new bool[Depth];
        private int count;

        /// <summary>Entries held.</summary>
        public int Count
        {
            get { return count; }
        }

        /// <summary>True when all three levels are taken.</summary>
        public bool IsFull
        {
            get { return count == Depth; }
        }

        /// <summary>The width recorded for entry <paramref name="index"/> (as reported by R_RX_PL_WID for RX).</summary>
        public int Width(int index)
        {
            return widths[index];
        }

        /// <summary>The pipe of entry <paramref name="index"/>.</summary>
        public int Pipe(int index)
        {
            return pipes[index];
        }

        /// <summary>True when entry <paramref name="index"/> goes without ack (W_TX_PAYLOAD_NOACK).</summary>
        public bool NoAck(int index)
        {
            return noAck[index];
        }

        /// <summary>
        /// Appends <paramref name="length"/> bytes (at most 32 are kept) with the recorded <paramref name="width"/>;
        /// false when the FIFO is full (the payload is lost, PS 8.3.1).
        /// </summary>
        public bool Push(byte[] source, int offset, int length, int width, int pipe, bool withoutAck)
        {
            if (count == Depth)
            {
                return false;
            }

            Array.Copy(source, offset, data, count * PayloadSize, length < PayloadSize ? length : PayloadSize);
            widths[count] = width;
            pipes[count] = pipe;
            noAck[count] = withoutAck;
            count++;
            return true;
        }

        /// <summary>Copies the first <paramref name="length"/> bytes of entry <paramref name="index"/>.</summary>
        public void CopyTo(int index, byte[] destination, int destinationOffset, int length)
        {
            Array.Copy(data, index * PayloadSize, destination, destinationOffset, length);
        }

        /// <summary>Removes entry <paramref name="index"/>; the entries behind it move up.</summary>
        public void RemoveAt(int index)
        {
            for (int i = index; i < count - 1; i++)
            {
                Array.Copy(data, (i + 1) * PayloadSize, data, i * PayloadSize, PayloadSize);
                widths[i] = widths[i + 1];
                pipes[i] = pipes[i + 1];
                noAck[i] = noAck[i + 1];
            }

            count--;
        }

        /// <summary>Empties the FIFO (FLUSH_TX / FLUSH_RX).</summary>
        public void Clear()
        {
            count = 0;
        }
    }
}
