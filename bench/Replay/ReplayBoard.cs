using System;
using DualReader.Firmware.Mfrc522;
using DualReader.Firmware.Nrf24;
using DualReader.Firmware.Reader;

namespace DualReader.Bench.Replay
{
    /// <summary>
    /// The replay hal of a whole reader board on one <see cref="HalTape"/>, wired to a <see cref="ReaderApplication"/>
    /// exactly as the PC bench builds its reader (host/Bench/ReaderCycle.cs: MFRC522 driver, nRF24L01+ driver, host
    /// UART, clock, two random sources, in that order), so the firmware makes the recorded calls in the recorded order.
    /// </summary>
    public sealed class ReplayBoard
    {
        private readonly byte[] scratch = new byte[2048];
        private readonly int[] saved = new int[4];

        public ReplayBoard(HalTape tape)
        {
            if (tape == null)
            {
                throw new ArgumentNullException("tape");
            }

            Tape = tape;
            Clock = new ReplayClock(tape);
            Mfrc522Spi = new ReplaySpiDevice(tape, TapeKind.Mfrc522);
            Mfrc522Reset = new ReplayOutputPin(tape, TapeKind.Mfrc522);
            Mfrc522Irq = new ReplayInputPin(tape, TapeKind.Mfrc522);
            Nrf24Spi = new ReplaySpiDevice(tape, TapeKind.Nrf24);
            Nrf24ChipEnable = new ReplayOutputPin(tape, TapeKind.Nrf24);
            Nrf24Irq = new ReplayInputPin(tape, TapeKind.Nrf24);
            HostUart = new ReplaySerialPort(tape);
            Nonces = new ReplayRandomSource(tape, TapeKind.Nonces);
            Random = new ReplayRandomSource(tape, TapeKind.Random);
        }

        public HalTape Tape { get; private set; }

        public ReplayClock Clock { get; private set; }

        public ReplaySpiDevice Mfrc522Spi { get; private set; }

        public ReplayOutputPin Mfrc522Reset { get; private set; }

        public ReplayInputPin Mfrc522Irq { get; private set; }

        public ReplaySpiDevice Nrf24Spi { get; private set; }

        public ReplayOutputPin Nrf24ChipEnable { get; private set; }

        public ReplayInputPin Nrf24Irq { get; private set; }

        public ReplaySerialPort HostUart { get; private set; }

        public ReplayRandomSource Nonces { get; private set; }

        public ReplayRandomSource Random { get; private set; }

        /// <summary>The reader on this board, built as the PC bench builds it.</summary>
        public ReaderApplication CreateReader(byte[] preSharedKey, byte[] readerIdentity, int queueCapacity)
        {
            Mfrc522 mfrc522 = new Mfrc522(Mfrc522Spi, Mfrc522Reset, Mfrc522Irq, Clock);
            Nrf24Driver nrf24 = new Nrf24Driver(Nrf24Spi, Nrf24ChipEnable, Nrf24Irq, Clock);
            return new ReaderApplication(mfrc522, nrf24, HostUart, Clock, preSharedKey, readerIdentity, Nonces, Random, queueCapacity);
        }

        /// <summary>
        /// Replays the entries from the saved <paramref name="cursors"/> up to entry <paramref name="end"/> by calling
        /// the replay hal directly, without the firmware; with <paramref name="callHal"/> false, the same loop without
        /// the calls. The bench counts both: the difference is what the replay hal cost for those calls, which it
        /// takes off the firmware's count. Leaves the tape where it was.
        /// </summary>
        public void ReplayWithoutFirmware(int[] cursors, int end, bool callHal)
        {
            Tape.Save(saved);
            Tape.Restore(cursors);
            byte[] kinds = Tape.Kinds;
            int[] numbers = Tape.Numbers;
            for (int index = cursors[0]; index < end; index++)
            {
                switch (kinds[index])
                {
                    case TapeKind.Mfrc522 | TapeKind.SpiWrite:
                        if (callHal)
                        {
                            Mfrc522Spi.Write(scratch, 0, 0);
                        }

                        break;
                    case TapeKind.Nrf24 | TapeKind.SpiWrite:
                        if (callHal)
                        {
                            Nrf24Spi.Write(scratch, 0, 0);
                        }

                        break;
                    case TapeKind.Mfrc522 | TapeKind.SpiTransfer:
                        int mfrc522Count = numbers[Tape.NumberCursor];
                        if (callHal)
                        {
                            Mfrc522Spi.TransferFullDuplex(scratch, 0, scratch, 0, mfrc522Count);
                        }

                        break;
                    case TapeKind.Nrf24 | TapeKind.SpiTransfer:
                        int nrf24Count = numbers[Tape.NumberCursor];
                        if (callHal)
                        {
                            Nrf24Spi.TransferFullDuplex(scratch, 0, scratch, 0, nrf24Count);
                        }

                        break;
                    case TapeKind.Mfrc522 | TapeKind.PinRead:
                        if (callHal)
                        {
                            Mfrc522Irq.Read();
                        }

                        break;
                    case TapeKind.Mfrc522 | TapeKind.PinWait:
                        if (callHal)
                        {
                            Mfrc522Irq.WaitForLevel(false, 0);
                        }

                        break;
                    case TapeKind.Nrf24 | TapeKind.PinRead:
                        if (callHal)
                        {
                            Nrf24Irq.Read();
                        }

                        break;
                    case TapeKind.Nrf24 | TapeKind.PinWait:
                        if (callHal)
                        {
                            Nrf24Irq.WaitForLevel(false, 0);
                        }

                        break;
                    case TapeKind.Mfrc522 | TapeKind.PinWrite:
                        if (callHal)
                        {
                            Mfrc522Reset.Write(false);
                        }

                        break;
                    case TapeKind.Nrf24 | TapeKind.PinWrite:
                        if (callHal)
                        {
                            Nrf24ChipEnable.Write(false);
                        }

                        break;
                    case TapeKind.Clock | TapeKind.ClockRead:
                        if (callHal)
                        {
                            Clock.GetMicroseconds();
                        }

                        break;
                    case TapeKind.Clock | TapeKind.ClockDelay:
                        if (callHal)
                        {
                            Clock.Delay(0);
                        }

                        break;
                    case TapeKind.HostUart | TapeKind.SerialBaudRate:
                    case TapeKind.HostUart | TapeKind.SerialBytesToRead:
                    case TapeKind.HostUart | TapeKind.SerialRead:
                    case TapeKind.HostUart | TapeKind.SerialWrite:
                        if (callHal)
                        {
                            Uart(kinds[index]);
                        }

                        break;
                    case TapeKind.Nonces | TapeKind.RandomBytes:
                        int nonceCount = numbers[Tape.NumberCursor];
                        if (callHal)
                        {
                            Nonces.NextBytes(scratch, 0, nonceCount);
                        }

                        break;
                    case TapeKind.Random | TapeKind.RandomBytes:
                        int randomCount = numbers[Tape.NumberCursor];
                        if (callHal)
                        {
                            Random.NextBytes(scratch, 0, randomCount);
                        }

                        break;
                    default:
                        throw new InvalidOperationException("tape entry " + index.ToString() + " has an unknown kind 0x" + kinds[index].ToString("X2"));
                }
            }

            Tape.Restore(saved);
        }

        /// <summary>A host UART entry (rare: at most one read a cycle), replayed by its call.</summary>
        private void Uart(byte kind)
        {
            switch (kind)
            {
                case TapeKind.HostUart | TapeKind.SerialBaudRate:
                    if (HostUart.BaudRate < 0)
                    {
                        throw new InvalidOperationException("negative baud rate on the tape");
                    }

                    break;
                case TapeKind.HostUart | TapeKind.SerialBytesToRead:
                    if (HostUart.BytesToRead < 0)
                    {
                        throw new InvalidOperationException("negative UART count on the tape");
                    }

                    break;
                case TapeKind.HostUart | TapeKind.SerialRead:
                    HostUart.Read(scratch, 0, scratch.Length);
                    break;
                default:
                    HostUart.Write(scratch, 0, 0);
                    break;
            }
        }
    }
}
