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
        /// the replay hal directly, without the firmware: what the replay itself costs for those calls (plus this
        /// loop's dispatch), so the bench can take it off the firmware's count. Leaves the tape where it was.
        /// </summary>
        public void ReplayWithoutFirmware(int[] cursors, int end)
        {
            int[] saved = new int[4];
            Tape.Save(saved);
            Tape.Restore(cursors);
            while (Tape.Position < end)
            {
                byte kind = Tape.KindAt(Tape.Position);
                byte device = TapeKind.DeviceOf(kind);
                switch (TapeKind.CallOf(kind))
                {
                    case TapeKind.SpiWrite:
                        (device == TapeKind.Mfrc522 ? Mfrc522Spi : Nrf24Spi).Write(scratch, 0, 0);
                        break;
                    case TapeKind.SpiTransfer:
                        (device == TapeKind.Mfrc522 ? Mfrc522Spi : Nrf24Spi).TransferFullDuplex(scratch, 0, scratch, 0, PeekTransferLength());
                        break;
                    case TapeKind.PinRead:
                        (device == TapeKind.Mfrc522 ? Mfrc522Irq : Nrf24Irq).Read();
                        break;
                    case TapeKind.PinWait:
                        (device == TapeKind.Mfrc522 ? Mfrc522Irq : Nrf24Irq).WaitForLevel(false, 0);
                        break;
                    case TapeKind.PinWrite:
                        (device == TapeKind.Mfrc522 ? Mfrc522Reset : Nrf24ChipEnable).Write(false);
                        break;
                    case TapeKind.ClockRead:
                        Clock.GetMicroseconds();
                        break;
                    case TapeKind.ClockDelay:
                        Clock.Delay(0);
                        break;
                    case TapeKind.SerialBaudRate:
                        int baud = HostUart.BaudRate;
                        break;
                    case TapeKind.SerialBytesToRead:
                        int waiting = HostUart.BytesToRead;
                        break;
                    case TapeKind.SerialRead:
                        HostUart.Read(scratch, 0, scratch.Length);
                        break;
                    case TapeKind.SerialWrite:
                        HostUart.Write(scratch, 0, 0);
                        break;
                    case TapeKind.RandomBytes:
                        (device == TapeKind.Nonces ? Nonces : Random).NextBytes(scratch, 0, PeekTransferLength());
                        break;
                    default:
                        throw new InvalidOperationException("tape entry " + Tape.Position.ToString() + " has an unknown kind 0x" + kind.ToString("X2"));
                }
            }

            Tape.Restore(saved);
        }

        private int PeekTransferLength()
        {
            int length = Tape.PeekNumber();
            if (length > scratch.Length)
            {
                throw new InvalidOperationException("tape entry " + Tape.Position.ToString() + " moves " + length.ToString() + " bytes, more than " + scratch.Length.ToString());
            }

            return length;
        }
    }
}
