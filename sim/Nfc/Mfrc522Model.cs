using System;
using System.Collections;
using DualReader.Firmware.Iso14443;
using DualReader.Sim.Bus;
using DualReader.Sim.Pins;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// Register-level model of the NXP MFRC522 (datasheet rev 3.9) on SPI, with its NRSTPD and IRQ pins and a
    /// <see cref="PiccField"/> behind the antenna. Section numbers in comments are the datasheet's.
    /// </summary>
    /// <remarks>
    /// What is modelled: the SPI framing (8.1.2), every register with its reset value (9.2, 9.3), the FIFO with
    /// level, water level, HiAlert/LoAlert and BufferOvfl (8.3), the commands of 10.3 (MFAuthent with Crypto1 in
    /// Mfrc522Model.Mifare.cs), ComIrqReg/DivIrqReg Set1/Set2 semantics and the IRQ pin (IRqInv, IRQPushPull), the timer
    /// (8.5), the CRC coprocessor with the ModeReg presets (8.4), TxCRCEn/RxCRCEn, TxSpeed/RxSpeed, BitFramingReg,
    /// CollReg, ErrorReg, Status1/Status2, the antenna drivers, VersionReg and hard/soft reset, the digital self-test
    /// (Mfrc522Model.SelfTest.cs).
    /// Not modelled: analog settings (gains, thresholds, modulation widths are stored only), test registers, the
    /// MFIN/MFOUT, serial UART and I2C interfaces, ModeReg MSBFirst, TGated, soft power-down current saving.
    /// Air time follows ISO/IEC 14443-2/-3 at the configured bit rate and is charged to the <see cref="CostLedger"/>.
    /// </remarks>
    public sealed partial class Mfrc522Model : ISpiTarget, ITimedModel
    {
        /// <summary>Internal reset time after NRSTPD rises or SoftReset (8.8.2: 37.74 µs, rounded up).</summary>
        public const int InternalResetMicroseconds = 38;

        /// <summary>Default crystal start-up time after a hard reset (board dependent; 8.8.2).</summary>
        public const int DefaultOscillatorStartupMicroseconds = 300;

        // Carrier cycles of the ISO/IEC 14443-3 6.2.1.1 frame delay time PCD to PICC with n = 9:
        // n * 128 + 84 when the last bit sent was 1, n * 128 + 20 when it was 0.
        private const int FrameDelayCyclesLastOne = 1236;
        private const int FrameDelayCyclesLastZero = 1172;

        private const int FifoSize = 64;
        private const int InternalBufferSize = 25;

        // Register addresses used inside the model (the firmware's Register enum names them, 9.2).
        private const int CommandReg = 0x01;
        private const int ComIEnReg = 0x02;
        private const int DivIEnReg = 0x03;
        private const int ComIrqReg = 0x04;
        private const int DivIrqReg = 0x05;
        private const int ErrorReg = 0x06;
        private const int Status1Reg = 0x07;
        private const int Status2Reg = 0x08;
        private const int FIFODataReg = 0x09;
        private const int FIFOLevelReg = 0x0A;
        private const int WaterLevelReg = 0x0B;
        private const int ControlReg = 0x0C;
        private const int BitFramingReg = 0x0D;
        private const int CollReg = 0x0E;
        private const int ModeReg = 0x11;
        private const int TxModeReg = 0x12;
        private const int RxModeReg = 0x13;
        private const int TxControlReg = 0x14;
        private const int CRCResultRegMsb = 0x21;
        private const int CRCResultRegLsb = 0x22;
        private const int TModeReg = 0x2A;
        private const int TPrescalerReg = 0x2B;
        private const int TReloadRegHigh = 0x2C;
        private const int TReloadRegLow = 0x2D;
        private const int TCounterValRegHigh = 0x2E;
        private const int TCounterValRegLow = 0x2F;
        private const int VersionReg = 0x37;

        // ComIrqReg bits (9.3.1.5).
        private const int TimerIRq = 0x01;
        private const int ErrIRq = 0x02;
        private const int LoAlertIRq = 0x04;
        private const int HiAlertIRq = 0x08;
        private const int IdleIRq = 0x10;
        private const int RxIRq = 0x20;
        private const int TxIRq = 0x40;

        // DivIrqReg bits (9.3.1.6).
        private const int CRCIRq = 0x04;

        // ErrorReg bits (9.3.1.7).
        private const int ProtocolErr = 0x01;
        private const int CRCErr = 0x04;
        private const int CollErr = 0x08;
        private const int BufferOvfl = 0x10;
        private const int TempErr = 0x40;
        private const int WrErr = 0x80;

        // Commands (10.3, table 149).
        private const int CmdIdle = 0x0;
        private const int CmdMem = 0x1;
        private const int CmdGenerateRandomId = 0x2;
        private const int CmdCalcCrc = 0x3;
        private const int CmdTransmit = 0x4;
        private const int CmdNoCmdChange = 0x7;
        private const int CmdReceive = 0x8;
        private const int CmdTransceive = 0xC;
        private const int CmdMFAuthent = 0xE;
        private const int CmdSoftReset = 0xF;

        // Reset values of page 0..3 (9.2, tables 20..; "xx" registers start at 0 here).
        private static readonly byte[] ResetValues = new byte[]
        {
            0x00, 0x20, 0x80, 0x00, 0x14, 0x00, 0x00, 0x21, 0x00, 0x00, 0x00, 0x08, 0x10, 0x00, 0xA0, 0x00,
            0x00, 0x3F, 0x00, 0x00, 0x80, 0x00, 0x10, 0x84, 0x84, 0x4D, 0x00, 0x00, 0x62, 0x00, 0x00, 0xEB,
            0x00, 0xFF, 0xFF, 0x00, 0x26, 0x00, 0x48, 0x88, 0x20, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        };

        private enum Phase
        {
            Idle,
            WaitForStartSend,
            Transmitting,
            WaitForData,
            Receiving
        }

        private readonly VirtualClock clock;
        private readonly CostLedger ledger;
        private readonly SimInputPin irqPin;
        private readonly PiccField piccField;
        private readonly byte[] registers = new byte[64];
        private readonly byte[] fifo = new byte[FifoSize];
        private readonly byte[] internalBuffer = new byte[InternalBufferSize];
        private readonly AirFrame txFrame = new AirFrame();
        private readonly AirFrame rxFrame = new AirFrame();
        private readonly ArrayList trace = new ArrayList();
        private int fifoCount;
        private Phase phase = Phase.Idle;
        private int command;
        private long txEndAt = VirtualClock.Never;
        private long rxStartAt = VirtualClock.Never;
        private long rxEndAt = VirtualClock.Never;
        private long timerExpireAt = VirtualClock.Never;
        private long resetDoneAt = VirtualClock.Never;
        private long txAirMicroseconds;
        private long rxAirMicroseconds;
        private long rxDelayMicroseconds;
        private long rxProcessingMicroseconds;
        private BitRate rxAnswerRate = BitRate.Kbps106;
        private int rxCollision = -1;
        private bool rxCorrupted;
        private bool rxExpected;
        private bool timerRunning;
        private long timerStartAt;
        private int timerReload;
        private long timerCyclesPerTick;
        private int crc;
        private bool crcReady = true;
        private bool hardPowerDown;
        private bool resetting;
        private uint random = 0x2545F491;

        /// <summary>
        /// Creates the chip, powered and out of reset at the current time. <paramref name="irqPin"/> is the line the
        /// firmware waits on.
        /// </summary>
        public Mfrc522Model(VirtualClock clock, CostLedger ledger, SimInputPin irqPin, PiccField field)
        {
            if (clock == null || ledger == null || irqPin == null || field == null)
            {
                throw new ArgumentNullException(clock == null ? "clock" : (ledger == null ? "ledger" : (irqPin == null ? "irqPin" : "field")));
            }

            this.clock = clock;
            this.ledger = ledger;
            this.irqPin = irqPin;
            this.piccField = field;
            Version = 0x92;
            OscillatorStartupMicroseconds = DefaultOscillatorStartupMicroseconds;
            ResetRegisters();
            UpdateIrq();
        }

        /// <summary>What VersionReg reads (9.3.4.8): 0x92 (v2.0) by default; 0x91 (v1.0), clones 0x88 or 0x12,
        /// and 0x00/0xFF to model a missing chip or a broken bus.</summary>
        public byte Version { get; set; }

        /// <summary>
        /// -1 (default): the chip is there. 0x00 or 0xFF: no chip answers; every MISO byte reads this constant (a
        /// missing module with MISO pulled down or up) and nothing written arrives.
        /// </summary>
        public int MissingChipBusLevel { get; set; } = -1;

        /// <summary>Fault injection: true makes the timer (8.5) never reach zero, so TimerIRq never comes.</summary>
        public bool TimerNeverFires { get; set; }

        /// <summary>Crystal start-up time added to the internal reset after NRSTPD rises (µs).</summary>
        public int OscillatorStartupMicroseconds { get; set; }

        /// <summary>True to record every frame on air in <see cref="Trace"/>.</summary>
        public bool RecordTrace { get; set; }

        /// <summary>The recorded frames (<see cref="AirTraceEntry"/>).</summary>
        public ArrayList Trace
        {
            get { return trace; }
        }

        /// <summary>The field behind the antenna.</summary>
        public PiccField Field
        {
            get { return piccField; }
        }

        /// <summary>Raw register value as the chip holds it (tests).</summary>
        public byte PeekRegister(int address)
        {
            return registers[address & 0x3F];
        }

        /// <summary>Bytes waiting in the FIFO (tests).</summary>
        public int FifoLevel
        {
            get { return fifoCount; }
        }

        /// <summary>Connects the NRSTPD line: low = hard power-down, the rising edge resets the chip (8.8.1, 8.8.2).</summary>
        public void AttachResetPin(SimOutputPin resetPin)
        {
            if (resetPin == null)
            {
                throw new ArgumentNullException("resetPin");
            }

            resetPin.Changed += OnResetPinChanged;
            if (!resetPin.Level)
            {
                OnResetPinChanged(false);
            }
        }

        /// <inheritdoc />
        public long NextEventMicroseconds
        {
            get
            {
                long next = txEndAt;
                if (rxStartAt < next)
                {
                    next = rxStartAt;
                }

                if (rxEndAt < next)
                {
                    next = rxEndAt;
                }

                if (timerExpireAt < next)
                {
                    next = timerExpireAt;
                }

                if (resetDoneAt < next)
                {
                    next = resetDoneAt;
                }

                return next;
            }
        }

        /// <inheritdoc />
        public void AdvanceTo(long nowMicroseconds)
        {
            while (true)
            {
                long next = NextEventMicroseconds;
                if (next > nowMicroseconds)
                {
                    break;
                }

                if (next == resetDoneAt)
                {
                    resetDoneAt = VirtualClock.Never;
                    resetting = false;
                }
                else if (next == txEndAt)
                {
                    txEndAt = VirtualClock.Never;
                    OnTransmitEnd(next);
                }
                else if (next == rxStartAt)
                {
                    rxStartAt = VirtualClock.Never;
                    OnReceiveStart();
                }
                else if (next == rxEndAt)
                {
                    rxEndAt = VirtualClock.Never;
                    OnReceiveEnd();
                }
                else if (next == timerExpireAt)
                {
                    OnTimerExpired(next);
                }

                UpdateIrq();
            }
        }

        /// <inheritdoc />
        public void Transfer(byte[] mosi, int mosiOffset, byte[] miso, int misoOffset, int count)
        {
            AdvanceTo(clock.Now);
            if (count <= 0)
            {
                return;
            }

            if (MissingChipBusLevel >= 0)
            {
                for (int i = 0; i < count; i++)
                {
                    miso[misoOffset + i] = (byte)MissingChipBusLevel;
                }

                return;
            }

            if (hardPowerDown)
            {
                // Hard power-down: the digital part is off and MISO is not driven; modelled as 0x00.
                for (int i = 0; i < count; i++)
                {
                    miso[misoOffset + i] = 0;
                }

                return;
            }

            byte first = mosi[mosiOffset];
            miso[misoOffset] = 0;
            if ((first & 0x80) != 0)
            {
                // Read (8.1.2.1): every MOSI byte is the address of the next read, the data of address n comes
                // back during byte n + 1; the final MOSI byte is 00h.
                for (int i = 1; i < count; i++)
                {
                    miso[misoOffset + i] = Read((mosi[mosiOffset + i - 1] >> 1) & 0x3F);
                }
            }
            else
            {
                // Write (8.1.2.2): all data bytes go to the one address (a FIFO burst for FIFODataReg).
                int address = (first >> 1) & 0x3F;
                for (int i = 1; i < count; i++)
                {
                    miso[misoOffset + i] = 0;
                    Write(address, mosi[mosiOffset + i]);
                }
            }

            UpdateIrq();
        }

        private byte Read(int address)
        {
            switch (address)
            {
                case CommandReg:
                    // PowerDown reads 1 while the chip resets or wakes up (9.3.1.2); bits 7..6 are reserved.
                    return (byte)((registers[CommandReg] & 0x2F) | (resetting ? 0x10 : (registers[CommandReg] & 0x10)));
                case ComIrqReg:
                case DivIrqReg:
                    // Set1/Set2 are write-only.
                    return (byte)(registers[address] & 0x7F);
                case Status1Reg:
                    return Status1();
                case Status2Reg:
                    return (byte)((registers[Status2Reg] & 0xC8) | ModemState());
                case FIFODataReg:
                    return PopFifo();
                case FIFOLevelReg:
                    return (byte)fifoCount;
                case ControlReg:
                    // TStopNow/TStartNow are write-only; RxLastBits read-only (9.3.1.13).
                    return (byte)(registers[ControlReg] & 0x3F);
                case BitFramingReg:
                    return (byte)(registers[BitFramingReg] & 0x77);
                case TCounterValRegHigh:
                    return (byte)(CounterValue() >> 8);
                case TCounterValRegLow:
                    return (byte)(CounterValue() & 0xFF);
                case VersionReg:
                    return Version;
                default:
                    return registers[address];
            }
        }

        private void Write(int address, byte value)
        {
            if (resetting)
            {
                // During the internal reset and oscillator start-up the chip takes no writes (modelled).
                return;
            }

            switch (address)
            {
                case CommandReg:
                    WriteCommand(value);
                    break;
                case ComIrqReg:
                    // Set1 = 1: the marked bits are set; Set1 = 0: the marked bits are cleared (9.3.1.5).
                    SetOrClear(ComIrqReg, value, 0x7F);
                    break;
                case DivIrqReg:
                    // Set2 semantics (9.3.1.6); only CRCIRq and MfinActIRq exist.
                    SetOrClear(DivIrqReg, value, 0x14);
                    break;
                case ErrorReg:
                case Status1Reg:
                case 0x00:
                case VersionReg:
                case CRCResultRegMsb:
                case CRCResultRegLsb:
                case TCounterValRegHigh:
                case TCounterValRegLow:
                    // Read-only.
                    break;
                case Status2Reg:
                    // TempSensClear, I2CForceHS and MFCrypto1On are writable (9.3.1.9).
                    WriteStatus2(value);
                    break;
                case FIFODataReg:
                    WriteFifo(value);
                    break;
                case FIFOLevelReg:
                    if ((value & 0x80) != 0)
                    {
                        // FlushBuffer clears the FIFO pointers and BufferOvfl (9.3.1.11).
                        fifoCount = 0;
                        registers[ErrorReg] = (byte)(registers[ErrorReg] & ~BufferOvfl);
                        UpdateAlerts();
                    }

                    break;
                case WaterLevelReg:
                    registers[WaterLevelReg] = (byte)(value & 0x3F);
                    UpdateAlerts();
                    break;
                case ControlReg:
                    if ((value & 0x80) != 0)
                    {
                        StopTimer();
                    }

                    if ((value & 0x40) != 0)
                    {
                        StartTimer(clock.Now);
                    }

                    break;
                case BitFramingReg:
                    registers[BitFramingReg] = (byte)(value & 0x77);
                    if ((value & 0x80) != 0 && command == CmdTransceive && phase == Phase.WaitForStartSend)
                    {
                        // StartSend only acts with Transceive waiting for it (9.3.1.14, 10.3.1.8).
                        StartTransmission();
                    }

                    break;
                case CollReg:
                    // Only ValuesAfterColl is writable (9.3.1.15).
                    registers[CollReg] = (byte)((registers[CollReg] & 0x7F) | (value & 0x80));
                    break;
                case TxControlReg:
                    registers[TxControlReg] = value;
                    if ((value & 0x03) == 0)
                    {
                        // Without the carrier the PICC loses its power: an answer it was still computing never comes.
                        DropCardAnswer();
                    }

                    piccField.SetCarrier((value & 0x03) != 0, clock.Now);
                    break;
                default:
                    registers[address] = value;
                    break;
            }
        }

        private void SetOrClear(int address, byte value, int mask)
        {
            int bits = value & mask;
            if ((value & 0x80) != 0)
            {
                registers[address] = (byte)(registers[address] | bits);
            }
            else
            {
                registers[address] = (byte)(registers[address] & ~bits);
            }
        }

        private void WriteCommand(byte value)
        {
            int newCommand = value & 0x0F;

            // RcvOff and PowerDown are taken from every write (9.3.1.2); NoCmdChange keeps the command.
            registers[CommandReg] = (byte)((registers[CommandReg] & 0x0F) | (value & 0x30));
            if (newCommand == CmdNoCmdChange)
            {
                return;
            }

            StartCommand(newCommand);
        }

        private void StartCommand(int newCommand)
        {
            // Writing a command ends the running one (10.3).
            CancelRadio();
            command = newCommand;
            SetCommandField(newCommand);
            if (newCommand != CmdIdle)
            {
                // "Command execution clears all error bits except the TempErr bit" (9.3.1.7).
                registers[ErrorReg] = (byte)(registers[ErrorReg] & TempErr);
            }

            switch (newCommand)
            {
                case CmdIdle:
                    phase = Phase.Idle;
                    break;
                case CmdMem:
                    // 25 bytes FIFO -> internal buffer, or internal buffer -> empty FIFO (10.3.1.2).
                    if (fifoCount == 0)
                    {
                        for (int i = 0; i < InternalBufferSize; i++)
                        {
                            PushFifo(internalBuffer[i]);
                        }
                    }
                    else
                    {
                        for (int i = 0; i < InternalBufferSize && fifoCount > 0; i++)
                        {
                            internalBuffer[i] = PopFifo();
                        }
                    }

                    Finish();
                    break;
                case CmdGenerateRandomId:
                    // 10 random bytes into the internal buffer (10.3.1.3); deterministic for reproducible runs.
                    for (int i = 0; i < 10; i++)
                    {
                        random = (random * 1664525) + 1013904223;
                        internalBuffer[i] = (byte)(random >> 24);
                    }

                    Finish();
                    break;
                case CmdCalcCrc:
                    if (StartSelfTest())
                    {
                        break;
                    }

                    // The FIFO content goes through the CRC coprocessor; the command runs until another is written,
                    // folding in every later FIFO byte (10.3.1.4).
                    crc = CrcPreset();
                    while (fifoCount > 0)
                    {
                        crc = CrcA.Update(crc, PopFifo());
                    }

                    CompleteCrc();
                    break;
                case CmdTransmit:
                    StartTransmission();
                    break;
                case CmdReceive:
                    phase = Phase.WaitForData;
                    ReceiverStartup();
                    break;
                case CmdTransceive:
                    phase = Phase.WaitForStartSend;
                    break;
                case CmdMFAuthent:
                    StartMfAuthent();
                    break;
                case CmdSoftReset:
                    SoftReset();
                    break;
                default:
                    // Reserved codes: treated as Idle.
                    command = CmdIdle;
                    SetCommandField(CmdIdle);
                    phase = Phase.Idle;
                    break;
            }
        }

        private void Finish()
        {
            // A command that ends by itself returns to Idle and raises IdleIRq (9.3.1.5).
            command = CmdIdle;
            SetCommandField(CmdIdle);
            phase = Phase.Idle;
            registers[ComIrqReg] = (byte)(registers[ComIrqReg] | IdleIRq);
        }

        private void SetCommandField(int value)
        {
            registers[CommandReg] = (byte)((registers[CommandReg] & 0x30) | value);
        }

        /// <summary>PICC answers that went on air while the chip was not listening (a late answer after the reader gave up).</summary>
        public int LostAnswers { get; private set; }

        /// <summary>True while the answering PICC is still computing its answer to an earlier frame.</summary>
        public bool CardAnswerPending
        {
            get { return rxStartAt != VirtualClock.Never; }
        }
    }
}
