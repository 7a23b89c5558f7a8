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

        private void CancelRadio()
        {
            // The chip stops transmitting and receiving. An answer the PICC is still computing (rxStartAt) is not the
            // chip's to cancel: it goes on air when the PICC is done, into whatever receive window is open then.
            txEndAt = VirtualClock.Never;
            rxEndAt = VirtualClock.Never;
            rxExpected = false;
        }

        /// <summary>Forgets the PICC's pending answer (it lost its power: carrier off, chip reset).</summary>
        private void DropCardAnswer()
        {
            rxStartAt = VirtualClock.Never;
            rxEndAt = VirtualClock.Never;
            rxExpected = false;
        }

        /// <summary>PICC answers that went on air while the chip was not listening (a late answer after the reader gave up).</summary>
        public int LostAnswers { get; private set; }

        /// <summary>True while the answering PICC is still computing its answer to an earlier frame.</summary>
        public bool CardAnswerPending
        {
            get { return rxStartAt != VirtualClock.Never; }
        }

        private void StartTransmission()
        {
            // The frame: all FIFO bytes, TxLastBits valid bits in the last one (9.3.1.14), CRC_A appended when
            // TxCRCEn (9.3.2.3). The FIFO empties as the bytes go out.
            txFrame.Clear();
            int lastBits = registers[BitFramingReg] & 0x07;
            int count = fifoCount;
            for (int i = 0; i < count; i++)
            {
                byte value = PopFifo();
                int bits = (i == count - 1 && lastBits != 0) ? lastBits : 8;
                for (int b = 0; b < bits; b++)
                {
                    txFrame.AppendBit((value >> b) & 1);
                }
            }

            if ((registers[TxModeReg] & 0x80) != 0)
            {
                int value = CrcPreset();
                for (int i = 0; i < count; i++)
                {
                    value = CrcA.Update(value, txFrame.Data[i]);
                }

                txFrame.AppendByte((byte)(value & 0xFF));
                txFrame.AppendByte((byte)(value >> 8));
            }

            EncryptIfCrypto1On(txFrame);
            long now = clock.Now;
            if (RecordTrace)
            {
                trace.Add(new AirTraceEntry(now, true, txFrame));
            }

            phase = Phase.Transmitting;
            txAirMicroseconds = CyclesToMicroseconds((long)txFrame.AirBits * CyclesPerBit(TxRate()));
            txEndAt = now + txAirMicroseconds;
        }

        private void OnTransmitEnd(long now)
        {
            ledger.AirMicroseconds += txAirMicroseconds;
            if (command != CmdMFAuthent)
            {
                // "During authentication processing, the RxIRq bit and TxIRq bit are blocked" (10.3.1.9).
                registers[ComIrqReg] = (byte)(registers[ComIrqReg] | TxIRq);
            }

            bool carrier = (registers[TxControlReg] & 0x03) != 0;
            int collision = -1;
            BitRate answerRate = BitRate.Kbps106;
            int processing = 0;
            int answers = 0;

            // A PICC still computing its answer to an earlier frame does not take this one (ISO/IEC 14443-4 7.1: it
            // answers each block after its processing; until then it does not receive); its answer stays due. The
            // model keeps one pending answer for the whole field, so meanwhile no PICC takes a frame: only one PICC
            // is ever in an ISO-DEP exchange, and the reader only polls again after switching the field off.
            if (carrier && rxStartAt == VirtualClock.Never)
            {
                answers = piccField.Exchange(txFrame, TxRate(), now, rxFrame, out collision, out answerRate, out processing);
                if (answers > 0 && rxFrame.BitCount > 0)
                {
                    // The answer goes on air after the frame delay time and the PICC's processing, whether or not the
                    // chip is still listening then (OnReceiveStart decides).
                    rxCorrupted = piccField.LastAnswerCorrupted;
                    rxCollision = collision;
                    rxAnswerRate = answerRate;
                    rxDelayMicroseconds = CyclesToMicroseconds(txFrame.LastBitOnAir != 0 ? FrameDelayCyclesLastOne : FrameDelayCyclesLastZero);
                    rxProcessingMicroseconds = processing;
                    rxAirMicroseconds = CyclesToMicroseconds((long)rxFrame.AirBits * CyclesPerBit(answerRate));
                    rxStartAt = now + rxDelayMicroseconds + processing;
                }
            }

            if (command == CmdTransmit)
            {
                Finish();
                return;
            }

            if (command == CmdMFAuthent)
            {
                OnAuthentFrameSent(now);
                return;
            }

            if (command != CmdTransceive)
            {
                return;
            }

            phase = Phase.WaitForData;
            ReceiverStartup();
            if ((registers[TModeReg] & 0x80) != 0)
            {
                // TAuto: the timer starts at the end of the transmission (9.3.3.10).
                StartTimer(now);
            }
        }

        private void ReceiverStartup()
        {
            // Cleared "at receiver start-up phase" (9.3.1.7); CollReg shows no collision yet (9.3.1.15).
            registers[ErrorReg] = (byte)(registers[ErrorReg] & ~(ProtocolErr | 0x02 | CRCErr | CollErr));
            registers[CollReg] = (byte)((registers[CollReg] & 0x80) | 0x20);
        }

        private void OnReceiveStart()
        {
            // The PICC's answer begins on air. The chip decodes it only while a Transceive or Receive waits for data,
            // with the analog receiver on (RcvOff clear, 9.3.1.2) and RxSpeed at the answer's rate; otherwise it is
            // lost on air (the reader abandoned the wait, or is transmitting).
            bool listening = phase == Phase.WaitForData && (command == CmdTransceive || command == CmdReceive || command == CmdMFAuthent)
                && (registers[CommandReg] & 0x20) == 0 && rxAnswerRate == RxRate();
            if (RecordTrace && !listening)
            {
                trace.Add(new AirTraceEntry(clock.Now, false, rxFrame));
            }

            if (!listening)
            {
                LostAnswers++;
                return;
            }

            rxExpected = true;
            phase = Phase.Receiving;
            if ((registers[TModeReg] & 0x80) != 0)
            {
                // TAuto: the timer stops once data is being received (9.3.3.10).
                StopTimer();
            }

            if (RecordTrace)
            {
                trace.Add(new AirTraceEntry(clock.Now, false, rxFrame));
            }

            rxEndAt = clock.Now + rxAirMicroseconds;
        }

        private void OnReceiveEnd()
        {
            if (!rxExpected)
            {
                return;
            }

            rxExpected = false;
            ledger.AirMicroseconds += rxDelayMicroseconds + rxAirMicroseconds;
            ledger.CardProcessingMicroseconds += rxProcessingMicroseconds;
            if (command == CmdMFAuthent)
            {
                OnAuthentFrameReceived();
                return;
            }

            // With MFCrypto1On the frame is decrypted first; its parity bits are checked against the plaintext.
            int errors = DecryptIfCrypto1On(rxFrame);
            int bits = rxFrame.BitCount;
            bool at106 = RxRate() == BitRate.Kbps106;
            if (rxCollision >= 0 && at106)
            {
                // Bit collision (only detectable with the 106 kBd Manchester code, 9.3.1.7 CollErr).
                errors |= CollErr;
                int position = (registers[BitFramingReg] >> 4 & 0x07) + rxCollision + 1;
                if (position <= 32)
                {
                    // CollPos: 1..31, 0 = 32nd bit, counted with RxAlign (9.3.1.15; MFRC631 9.6.4 states the
                    // RxAlign inclusion for the same logic).
                    registers[CollReg] = (byte)((registers[CollReg] & 0x80) | (position & 0x1F));
                }

                if ((registers[CollReg] & 0x80) == 0)
                {
                    // ValuesAfterColl = 0: all bits after the collision are cleared.
                    for (int i = rxCollision + 1; i < bits; i++)
                    {
                        rxFrame.SetBit(i, 0);
                    }
                }
            }
            else if (rxCollision >= 0)
            {
                // At 212..848 kBd a collision is not located; it corrupts the frame (modelled as a CRC error).
                errors |= CRCErr;
            }

            if (rxCorrupted && bits >= 8)
            {
                // A bit flipped on air breaks the odd parity of its byte (ISO/IEC 14443-3 6.2.3.2): ParityErr
                // (9.3.1.7); the CRC check below then fails as well.
                rxFrame.SetBit(bits - 9, rxFrame.GetBit(bits - 9) ^ 1);
                errors |= 0x02;
            }

            int storeBits = bits;
            if ((registers[RxModeReg] & 0x80) != 0)
            {
                // RxCRCEn: the chip checks CRC_A over the frame (9.3.2.4). The CRC bytes are not put into the
                // FIFO (assumed: the datasheet text does not say it explicitly, and the driver depends on it unless
                // Mfrc522.SoftwareCrcAt106 makes it receive with RxCRCEn = 0 at 106 kBd). Without RxCRCEn nothing
                // is checked and every received byte, CRC_A included, goes into the FIFO.
                int bytes = bits / 8;
                if (bits % 8 != 0 || bytes < 2 || !CrcA.Check(rxFrame.Data, 0, bytes))
                {
                    errors |= CRCErr;
                }
                else
                {
                    storeBits = bits - 16;
                }
            }

            // Into the FIFO: the first received bit goes to bit RxAlign of the first byte (9.3.1.14).
            int align = (registers[BitFramingReg] >> 4) & 0x07;
            int total = align + storeBits;
            int byteCount = (total + 7) / 8;
            for (int i = 0; i < byteCount; i++)
            {
                int value = 0;
                for (int b = 0; b < 8; b++)
                {
                    int position = (i * 8) + b - align;
                    if (position >= 0 && position < storeBits)
                    {
                        value |= rxFrame.GetBit(position) << b;
                    }
                }

                if (fifoCount >= FifoSize)
                {
                    errors |= BufferOvfl;
                    break;
                }

                PushFifo((byte)value);
            }

            // RxLastBits: valid bits of the last byte, 0 = whole byte (9.3.1.13).
            registers[ControlReg] = (byte)((registers[ControlReg] & 0xF8) | (total % 8));
            registers[ErrorReg] = (byte)(registers[ErrorReg] | errors);
            registers[ComIrqReg] = (byte)(registers[ComIrqReg] | RxIRq | (errors != 0 ? ErrIRq : 0));
            if (command == CmdReceive)
            {
                Finish();
            }
            else
            {
                // Transceive waits for the next StartSend (10.3.1.8).
                phase = Phase.WaitForStartSend;
            }
        }

        private void StartTimer(long now)
        {
            int prescaler = ((registers[TModeReg] & 0x0F) << 8) | registers[TPrescalerReg];
            timerCyclesPerTick = (2L * prescaler) + 1;
            timerReload = (registers[TReloadRegHigh] << 8) | registers[TReloadRegLow];
            timerStartAt = now;
            timerRunning = true;

            // The timer counts TReload down to 0 at 13.56 MHz / (2 * TPreScaler + 1); TimerIRq when it reaches 0;
            // t = (TPreScaler * 2 + 1) * (TReload + 1) / 13.56 MHz (8.5).
            timerExpireAt = TimerNeverFires ? VirtualClock.Never : now + CyclesToMicroseconds((timerReload + 1L) * timerCyclesPerTick);
        }

        private void StopTimer()
        {
            if (timerRunning)
            {
                timerReload = CounterValue();
            }

            timerRunning = false;
            timerExpireAt = VirtualClock.Never;
        }

        private void OnTimerExpired(long now)
        {
            registers[ComIrqReg] = (byte)(registers[ComIrqReg] | TimerIRq);
            if ((registers[TModeReg] & 0x10) != 0)
            {
                // TAutoRestart: reload and count again (9.3.3.10).
                StartTimer(now);
            }
            else
            {
                timerRunning = false;
                timerReload = 0;
                timerExpireAt = VirtualClock.Never;
            }
        }

        private int CounterValue()
        {
            if (!timerRunning)
            {
                return timerReload;
            }

            long ticks = (clock.Now - timerStartAt) * 1356 / (timerCyclesPerTick * 100);
            long value = timerReload - ticks;
            return value < 0 ? 0 : (int)value;
        }

        private void CompleteCrc()
        {
            registers[CRCResultRegMsb] = (byte)(crc >> 8);
            registers[CRCResultRegLsb] = (byte)(crc & 0xFF);
            crcReady = true;

            // CRCIRq: "the CalcCRC command is active and all data is processed" (9.3.1.6).
            registers[DivIrqReg] = (byte)(registers[DivIrqReg] | CRCIRq);
        }

        private int CrcPreset()
        {
            // ModeReg CRCPreset (9.3.2.2): 00 = 0000h, 01 = 6363h, 10 = A671h, 11 = FFFFh.
            switch (registers[ModeReg] & 0x03)
            {
                case 0:
                    return 0x0000;
                case 1:
                    return 0x6363;
                case 2:
                    return 0xA671;
                default:
                    return 0xFFFF;
            }
        }

        private void WriteFifo(byte value)
        {
            if (command == CmdMFAuthent || ((phase == Phase.WaitForData || phase == Phase.Receiving) && command == CmdTransceive && (rxExpected || rxStartAt != VirtualClock.Never)))
            {
                // WrErr: the host wrote the FIFO during MFAuthent or between the end of sending and the end of
                // receiving (9.3.1.7). The byte is still stored.
                registers[ErrorReg] = (byte)(registers[ErrorReg] | WrErr);
                registers[ComIrqReg] = (byte)(registers[ComIrqReg] | ErrIRq);
            }

            if (command == CmdCalcCrc)
            {
                crc = CrcA.Update(crc, value);
                CompleteCrc();
                return;
            }

            if (fifoCount >= FifoSize)
            {
                // BufferOvfl: written into a full FIFO; the byte is lost (9.3.1.7).
                registers[ErrorReg] = (byte)(registers[ErrorReg] | BufferOvfl);
                registers[ComIrqReg] = (byte)(registers[ComIrqReg] | ErrIRq);
                return;
            }

            PushFifo(value);
        }

        private void PushFifo(byte value)
        {
            fifo[fifoCount++] = value;
            UpdateAlerts();
        }

        private byte PopFifo()
        {
            if (fifoCount == 0)
            {
                // Reading an empty FIFO: no underflow flag exists (8.3); modelled as 00h, nothing changes.
                return 0;
            }

            byte value = fifo[0];
            fifoCount--;
            for (int i = 0; i < fifoCount; i++)
            {
                fifo[i] = fifo[i + 1];
            }

            UpdateAlerts();
            return value;
        }

        private void UpdateAlerts()
        {
            // HiAlert: (64 - FIFOLength) <= WaterLevel; LoAlert: FIFOLength <= WaterLevel (9.3.1.8). The IRq bits
            // remember the condition until cleared with Set1 (9.3.1.5).
            int water = registers[WaterLevelReg] & 0x3F;
            if (FifoSize - fifoCount <= water)
            {
                registers[ComIrqReg] = (byte)(registers[ComIrqReg] | HiAlertIRq);
            }

            if (fifoCount <= water)
            {
                registers[ComIrqReg] = (byte)(registers[ComIrqReg] | LoAlertIRq);
            }
        }

        private byte Status1()
        {
            int water = registers[WaterLevelReg] & 0x3F;
            int value = 0;
            if (fifoCount <= water)
            {
                value |= 0x01;
            }

            if (FifoSize - fifoCount <= water)
            {
                value |= 0x02;
            }

            if (timerRunning)
            {
                value |= 0x08;
            }

            if (IrqRequested())
            {
                value |= 0x10;
            }

            if (crcReady)
            {
                value |= 0x20;
            }

            if (crcReady && crc == 0)
            {
                value |= 0x40;
            }

            return (byte)value;
        }

        private int ModemState()
        {
            // Status2Reg ModemState (9.3.1.9).
            switch (phase)
            {
                case Phase.WaitForStartSend:
                    return 1;
                case Phase.Transmitting:
                    return 3;
                case Phase.WaitForData:
                    return 5;
                case Phase.Receiving:
                    return 6;
                default:
                    return 0;
            }
        }

        private bool IrqRequested()
        {
            return (registers[ComIrqReg] & registers[ComIEnReg] & 0x7F) != 0 || (registers[DivIrqReg] & registers[DivIEnReg] & 0x14) != 0;
        }

        private void UpdateIrq()
        {
            if (hardPowerDown)
            {
                // Not driven; the board's pull-up (or the open-drain idle level) reads high.
                irqPin.Drive(true);
                return;
            }

            // IRQ = Status1Reg IRq, inverted when IRqInv (9.3.1.3). With IRQPushPull = 0 the pin is open drain: a
            // high level is high impedance, modelled as pulled up, so the level seen is the same (9.3.1.4).
            bool active = IrqRequested();
            bool inverted = (registers[ComIEnReg] & 0x80) != 0;
            irqPin.Drive(active != inverted);
        }

        private void ResetRegisters()
        {
            Array.Copy(ResetValues, registers, 64);
            fifoCount = 0;
            command = CmdIdle;
            phase = Phase.Idle;
            CancelRadio();
            timerRunning = false;
            timerReload = 0;
            timerExpireAt = VirtualClock.Never;
            crc = 0xFFFF;
            crcReady = true;
            DropCardAnswer();
            piccField.SetCarrier(false, clock.Now);
        }

        private void SoftReset()
        {
            // All registers to reset values, the internal buffer kept (10.3.1.10); PowerDown reads 1 meanwhile.
            ResetRegisters();
            resetting = true;
            resetDoneAt = clock.Now + InternalResetMicroseconds;
        }

        private void OnResetPinChanged(bool high)
        {
            if (!high)
            {
                // Hard power-down (8.8.1): everything stops, the carrier goes off.
                hardPowerDown = true;
                resetting = false;
                resetDoneAt = VirtualClock.Never;
                ResetRegisters();
                Array.Clear(internalBuffer, 0, InternalBufferSize);
            }
            else if (hardPowerDown)
            {
                // Rising edge: internal reset, then the oscillator starts (8.8.2).
                hardPowerDown = false;
                ResetRegisters();
                resetting = true;
                resetDoneAt = clock.Now + InternalResetMicroseconds + OscillatorStartupMicroseconds;
            }

            UpdateIrq();
        }

        private BitRate TxRate()
        {
            return (BitRate)((registers[TxModeReg] >> 4) & 0x03);
        }

        private BitRate RxRate()
        {
            return (BitRate)((registers[RxModeReg] >> 4) & 0x03);
        }

        private static int CyclesPerBit(BitRate rate)
        {
            // fc/128, fc/64, fc/32, fc/16 (ISO/IEC 14443-2 8.1, 9.1).
            return 128 >> (int)rate;
        }

        private static long CyclesToMicroseconds(long cycles)
        {
            // fc = 13.56 MHz; rounded up to the model's 1 µs resolution.
            return ((cycles * 100) + 1355) / 1356;
        }
    }
}
