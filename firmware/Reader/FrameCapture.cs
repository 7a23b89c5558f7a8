using System;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Hal;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// A decorator around the reader chip's frame interfaces that keeps a copy of every ISO 14443 frame as it went
    /// on air (for the trace records). The drivers stay unchanged. Capture costs nothing while <see cref="Capturing"/> is false, not even
    /// memory: its buffers (<see cref="Capacity"/> frames, about 15 KB of a nanoFramework heap) are allocated the first
    /// time capture is switched on, and kept. When on, it copies each frame and recomputes the CRC_A the chip added or
    /// removed, so the frames are as a sniffer would see them.
    /// </summary>
    public sealed class FrameCapture : IFrameTransceiver, IBitFrameTransceiver
    {
        /// <summary>Frames kept between two <see cref="Clear"/> calls; further frames are counted, not kept.</summary>
        public const int Capacity = 48;

        // A frame of the 64-byte FIFO plus CRC_A.
        private const int FrameBytes = 66;

        private readonly IFrameTransceiver frames;
        private readonly IBitFrameTransceiver bits;
        private readonly IClock clock;
        private TraceFrame[] captured;
        private bool capturing;
        private BitRate pcdToPicc = BitRate.Kbps106;
        private BitRate piccToPcd = BitRate.Kbps106;
        private int count;

        /// <summary>Wraps the chip's two frame interfaces (the MFRC522 driver implements both: pass it twice).</summary>
        public FrameCapture(IFrameTransceiver frameChip, IBitFrameTransceiver bitChip, IClock clock)
        {
            if (frameChip == null || bitChip == null || clock == null)
            {
                throw new ArgumentNullException(frameChip == null ? "frameChip" : bitChip == null ? "bitChip" : "clock");
            }

            frames = frameChip;
            bits = bitChip;
            this.clock = clock;
        }

        /// <summary>When true, frames are copied (APDU trace on); the first switch on allocates the buffers.</summary>
        public bool Capturing
        {
            get
            {
                return capturing;
            }

            set
            {
                if (value && captured == null)
                {
                    captured = new TraceFrame[Capacity];
                    for (int index = 0; index < Capacity; index++)
                    {
                        captured[index] = new TraceFrame();
                        captured[index].Data = new byte[FrameBytes];
                    }
                }

                capturing = value;
            }
        }

        /// <summary>Frames captured since <see cref="Clear"/> (at most <see cref="Capacity"/>).</summary>
        public int Count
        {
            get { return count; }
        }

        /// <summary>Frames not kept since <see cref="Clear"/> because the buffers were full.</summary>
        public int Overflowed { get; private set; }

        /// <summary>The captured frame at <paramref name="index"/> (0 .. <see cref="Count"/>-1); its buffers are reused.</summary>
        public TraceFrame this[int index]
        {
            get
            {
                if (index < 0 || index >= count)
                {
                    throw new ArgumentOutOfRangeException("index");
                }

                return captured[index];
            }
        }

        /// <summary>Forgets the captured frames (the buffers stay).</summary>
        public void Clear()
        {
            count = 0;
            Overflowed = 0;
        }

        /// <inheritdoc />
        public int MaximumFrameLength
        {
            get { return frames.MaximumFrameLength; }
        }

        /// <inheritdoc />
        public bool SupportsBitRate(BitRate rate)
        {
            return frames.SupportsBitRate(rate);
        }

        /// <inheritdoc />
        public void SetBitRates(BitRate pcdToPiccRate, BitRate piccToPcdRate)
        {
            frames.SetBitRates(pcdToPiccRate, piccToPcdRate);
            pcdToPicc = pcdToPiccRate;
            piccToPcd = piccToPcdRate;
        }

        /// <summary>Back to 106 kbit/s in the captured frames' rate field (a new activation, ISO/IEC 14443-4 5.3).</summary>
        public void ResetBitRates()
        {
            pcdToPicc = BitRate.Kbps106;
            piccToPcd = BitRate.Kbps106;
        }

        /// <inheritdoc />
        public TransceiveResult Transceive(byte[] txBuffer, int txOffset, int txCount, byte[] rxBuffer, int rxOffset, int rxCapacity, int timeoutMicroseconds, out int receivedCount)
        {
            // The clock is read only while capturing: every hal call costs interpreter time on the device.
            long start = capturing ? clock.GetMicroseconds() : 0;
            TransceiveResult result = frames.Transceive(txBuffer, txOffset, txCount, rxBuffer, rxOffset, rxCapacity, timeoutMicroseconds, out receivedCount);
            if (capturing)
            {
                // The chip appended and checked CRC_A (TxCRCEn/RxCRCEn): put it back so the frame is the one on air.
                Keep(FrameDirection.PcdToPicc, pcdToPicc, start, txBuffer, txOffset, txCount, true);
                if (receivedCount > 0 && result != TransceiveResult.NoResponse && result != TransceiveResult.ChipError)
                {
                    Keep(FrameDirection.PiccToPcd, piccToPcd, clock.GetMicroseconds(), rxBuffer, rxOffset, receivedCount, result == TransceiveResult.Ok);
                }
            }

            return result;
        }

        /// <inheritdoc />
        public TransceiveResult TransceiveBits(byte[] txBuffer, int txOffset, int txBitCount, byte[] rxBuffer, int rxOffset, int rxCapacity, int rxAlign, int expectedRxBytes, int timeoutMicroseconds, out int receivedBitCount, out int collisionBitIndex)
        {
            // Activation frames run at 106 kbit/s, and the driver goes back to it for a new activation.
            ResetBitRates();
            long start = capturing ? clock.GetMicroseconds() : 0;
            TransceiveResult result = bits.TransceiveBits(txBuffer, txOffset, txBitCount, rxBuffer, rxOffset, rxCapacity, rxAlign, expectedRxBytes, timeoutMicroseconds, out receivedBitCount, out collisionBitIndex);
            if (capturing)
            {
                // Activation frames carry their CRC_A in the buffer where they have one (SELECT, SAK, HLTA).
                int txBytes = (txBitCount + 7) / 8;
                KeepRaw(FrameDirection.PcdToPicc, start, txBuffer, txOffset, txBytes, (txBitCount % 8) == 0 && txBytes >= 3 && CrcA.Check(txBuffer, txOffset, txBytes));
                int rxBits = receivedBitCount + rxAlign;
                int rxBytes = (rxBits + 7) / 8;
                if (receivedBitCount > 0 && result != TransceiveResult.NoResponse && result != TransceiveResult.ChipError)
                {
                    KeepRaw(FrameDirection.PiccToPcd, clock.GetMicroseconds(), rxBuffer, rxOffset, rxBytes, (rxBits % 8) == 0 && rxBytes >= 3 && CrcA.Check(rxBuffer, rxOffset, rxBytes));
                }
            }

            return result;
        }

        private void Keep(FrameDirection direction, BitRate rate, long time, byte[] buffer, int offset, int length, bool appendCrc)
        {
            TraceFrame frame = Next();
            if (frame == null)
            {
                return;
            }

            int kept = length > FrameBytes - 2 ? FrameBytes - 2 : length;
            Array.Copy(buffer, offset, frame.Data, 0, kept);
            if (appendCrc)
            {
                CrcA.Append(frame.Data, 0, kept);
                kept += 2;
            }

            frame.Direction = direction;
            frame.BitRate = rate;
            frame.TimeMicroseconds = time;
            frame.Length = kept;
            frame.HasCrc = appendCrc;
        }

        private void KeepRaw(FrameDirection direction, long time, byte[] buffer, int offset, int length, bool hasCrc)
        {
            TraceFrame frame = Next();
            if (frame == null)
            {
                return;
            }

            int kept = length > FrameBytes ? FrameBytes : length;
            Array.Copy(buffer, offset, frame.Data, 0, kept);
            frame.Direction = direction;
            frame.BitRate = BitRate.Kbps106;
            frame.TimeMicroseconds = time;
            frame.Length = kept;
            frame.HasCrc = hasCrc;
        }

        private TraceFrame Next()
        {
            if (count == Capacity)
            {
                Overflowed++;
                return null;
            }

            return captured[count++];
        }
    }
}
