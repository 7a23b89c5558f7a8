using System;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Bus
{
    /// <summary>
    /// Fault injection on the SPI bus of one chip (a chip glitch), as an <see cref="ISpiTarget"/> that sits between
    /// <see cref="SimSpiDevice"/> and the chip model. From <see cref="FromMicroseconds"/> until
    /// <see cref="UntilMicroseconds"/> (µs on the virtual clock) every MISO byte reads <see cref="Level"/> (or noise)
    /// and nothing written arrives, as with a brown-out or a loose SPI wire; with <see cref="MisoOnly"/> the chip
    /// sees every byte and only MISO is disturbed. The chip keeps running meanwhile (its timers, the air and its IRQ
    /// line run on the clock, not on SPI). Default: no glitch (<see cref="UntilMicroseconds"/> 0).
    /// </summary>
    /// <remarks>Both chip models sit behind one (SimulatedNfcBoard.BusGlitch, SimulatedNrf24.BusGlitch).</remarks>
    public sealed class SpiBusGlitch : ISpiTarget
    {
        private readonly ISpiTarget chip;
        private readonly VirtualClock clock;
        private long from;
        private long until;
        private byte level;
        private bool noisy;
        private bool misoOnly;
        private int byteNanoseconds = 1000;
        private int transfers;
        private uint noise = 0x6A09E667;

        /// <summary>Puts the glitch in front of <paramref name="chip"/>, timed on <paramref name="clock"/>.</summary>
        public SpiBusGlitch(ISpiTarget chip, VirtualClock clock)
        {
            if (chip == null || clock == null)
            {
                throw new ArgumentNullException(chip == null ? "chip" : "clock");
            }

            this.chip = chip;
            this.clock = clock;
        }

        /// <summary>When the glitch starts (µs; default 0: at once, until <see cref="UntilMicroseconds"/>).</summary>
        public long FromMicroseconds
        {
            get { return from; }
            set { from = value; }
        }

        /// <summary>When the glitch ends (µs, exclusive). Default 0: no glitch.</summary>
        public long UntilMicroseconds
        {
            get { return until; }
            set { until = value; }
        }

        /// <summary>What MISO reads during the glitch (0x00 or 0xFF on real boards).</summary>
        public byte Level
        {
            get { return level; }
            set { level = value; }
        }

        /// <summary>True: during the glitch MISO carries noise (seeded pseudo-random bytes) instead of <see cref="Level"/>.</summary>
        public bool Noise
        {
            get { return noisy; }
            set { noisy = value; }
        }

        /// <summary>
        /// True: the glitch hits MISO only (a disturbed or loose MISO line): the chip sees every byte and runs every
        /// read and write, and each MISO byte whose time falls inside the glitch reads the glitch level, byte by byte
        /// (<see cref="ByteNanoseconds"/> a byte; the transfer ends at the current time). A glitch can then begin and
        /// end in the middle of one FIFO read. Default false: the whole transfer is lost.
        /// </summary>
        public bool MisoOnly
        {
            get { return misoOnly; }
            set { misoOnly = value; }
        }

        /// <summary>Duration of one SPI byte for <see cref="MisoOnly"/> (default 1000 ns: 8 bits at 8 MHz).</summary>
        public int ByteNanoseconds
        {
            get { return byteNanoseconds; }
            set { byteNanoseconds = value; }
        }

        /// <summary>SPI transfers hit by the glitch so far (tests report it).</summary>
        public int Transfers
        {
            get { return transfers; }
        }

        /// <inheritdoc />
        public void Transfer(byte[] mosi, int mosiOffset, byte[] miso, int misoOffset, int count)
        {
            if (count <= 0 || until <= from)
            {
                chip.Transfer(mosi, mosiOffset, miso, misoOffset, count);
                return;
            }

            long now = clock.Now;
            if (!misoOnly && now >= from && now < until)
            {
                // The chip never sees the frame: nothing written arrives, commands included.
                transfers++;
                for (int i = 0; i < count; i++)
                {
                    miso[misoOffset + i] = NextByte();
                }

                return;
            }

            chip.Transfer(mosi, mosiOffset, miso, misoOffset, count);
            if (misoOnly)
            {
                GlitchMisoBytes(miso, misoOffset, count);
            }
        }

        private void GlitchMisoBytes(byte[] miso, int misoOffset, int count)
        {
            // The clock has already advanced over the transfer: byte i was on the bus from end - (count - i) bytes.
            long endNanoseconds = clock.Now * 1000;
            bool hit = false;
            for (int i = 0; i < count; i++)
            {
                long at = (endNanoseconds - ((long)(count - i) * byteNanoseconds)) / 1000;
                if (at >= from && at < until)
                {
                    hit = true;
                    miso[misoOffset + i] = NextByte();
                }
            }

            if (hit)
            {
                transfers++;
            }
        }

        private byte NextByte()
        {
            if (!noisy)
            {
                return level;
            }

            // xorshift32 (Marsaglia 2003): reproducible noise.
            noise ^= noise << 13;
            noise ^= noise >> 17;
            noise ^= noise << 5;
            return (byte)(noise >> 24);
        }
    }
}
