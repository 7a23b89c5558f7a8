using System;

namespace DualReader.Firmware.Mfrc522
{
    /// <summary>The MFRC522 commands, CommandReg bits 3..0 (datasheet 10.3, table 149).</summary>
    public enum Command : byte
    {
        /// <summary>No action; cancels the current command (10.3.1.1).</summary>
        Idle = 0x0,
        /// <summary>25 bytes between FIFO and internal buffer (10.3.1.2).</summary>
        Mem = 0x1,
        /// <summary>10-byte random number into the internal buffer (10.3.1.3).</summary>
        GenerateRandomId = 0x2,
        /// <summary>CRC coprocessor over the FIFO data (10.3.1.4).</summary>
        CalcCrc = 0x3,
        /// <summary>Sends the FIFO content (10.3.1.5).</summary>
        Transmit = 0x4,
        /// <summary>Changes CommandReg bits without touching the command (10.3.1.6).</summary>
        NoCmdChange = 0x7,
        /// <summary>Activates the receiver (10.3.1.7).</summary>
        Receive = 0x8,
        /// <summary>Sends the FIFO on StartSend, then receives; repeats until another command (10.3.1.8).</summary>
        Transceive = 0xC,
        /// <summary>MIFARE Classic authentication (10.3.1.9).</summary>
        MFAuthent = 0xE,
        /// <summary>Resets the chip (10.3.1.10).</summary>
        SoftReset = 0xF
    }

    /// <summary>CommandReg bits (9.3.1.2).</summary>
    [Flags]
    public enum CommandBits : byte
    {
        /// <summary>None.</summary>
        None = 0,
        /// <summary>Soft power-down; reads 1 while the chip wakes up or resets.</summary>
        PowerDown = 0x10,
        /// <summary>Analog part of the receiver switched off.</summary>
        RcvOff = 0x20,
        /// <summary>The command field.</summary>
        CommandMask = 0x0F
    }

    /// <summary>Status2Reg ModemState, bits 2..0 (9.3.1.9): what the transmitter and receiver state machine does.</summary>
    public enum ModemState : byte
    {
        /// <summary>Idle.</summary>
        Idle = 0,
        /// <summary>Waiting for BitFramingReg StartSend (Transceive between two exchanges).</summary>
        WaitForStartSend = 1,
        /// <summary>TxWait: waiting until the RF field is present (TxWaitRF).</summary>
        TxWait = 2,
        /// <summary>Transmitting.</summary>
        Transmitting = 3,
        /// <summary>RxWait: waiting until the RF field is present (RxWait bit clocks).</summary>
        RxWait = 4,
        /// <summary>Waiting for data.</summary>
        WaitForData = 5,
        /// <summary>Receiving.</summary>
        Receiving = 6,
        /// <summary>The field of Status2Reg that holds the state.</summary>
        Mask = 0x07
    }

    /// <summary>ComIEnReg (9.3.1.3) and ComIrqReg (9.3.1.5) bits: they share the layout.</summary>
    [Flags]
    public enum ComInterrupts : byte
    {
        /// <summary>None.</summary>
        None = 0,
        /// <summary>Timer decremented to zero.</summary>
        Timer = 0x01,
        /// <summary>An error bit in ErrorReg is set.</summary>
        Error = 0x02,
        /// <summary>FIFO at or below the water level (LoAlert).</summary>
        LoAlert = 0x04,
        /// <summary>FIFO at or above 64 minus the water level (HiAlert).</summary>
        HiAlert = 0x08,
        /// <summary>A command terminated by itself.</summary>
        Idle = 0x10,
        /// <summary>The receiver detected the end of a data stream.</summary>
        Rx = 0x20,
        /// <summary>The last bit of the transmitted data was sent.</summary>
        Tx = 0x40,
        /// <summary>ComIrqReg: Set1 (write 1 sets, 0 clears the marked bits). ComIEnReg: IRqInv.</summary>
        Set1OrIrqInvert = 0x80,
        /// <summary>All seven request bits.</summary>
        All = 0x7F
    }

    /// <summary>DivIEnReg (9.3.1.4) and DivIrqReg (9.3.1.6) bits.</summary>
    [Flags]
    public enum DivInterrupts : byte
    {
        /// <summary>None.</summary>
        None = 0,
        /// <summary>CalcCRC finished (all FIFO data processed).</summary>
        Crc = 0x04,
        /// <summary>MFIN active.</summary>
        MfinActive = 0x10,
        /// <summary>DivIrqReg: Set2. DivIEnReg: IRQPushPull (IRQ is a CMOS output, else open drain).</summary>
        Set2OrIrqPushPull = 0x80
    }

    /// <summary>ErrorReg bits (9.3.1.7).</summary>
    [Flags]
    public enum Errors : byte
    {
        /// <summary>None.</summary>
        None = 0,
        /// <summary>SOF incorrect (106 kBd) or wrong byte count in MFAuthent.</summary>
        ProtocolErr = 0x01,
        /// <summary>Parity check failed.</summary>
        ParityErr = 0x02,
        /// <summary>RxCRCEn set and the CRC failed.</summary>
        CRCErr = 0x04,
        /// <summary>A bit collision was detected.</summary>
        CollErr = 0x08,
        /// <summary>The host wrote into a full FIFO.</summary>
        BufferOvfl = 0x10,
        /// <summary>Overheating: the antenna drivers were switched off.</summary>
        TempErr = 0x40,
        /// <summary>The host wrote the FIFO at a forbidden time.</summary>
        WrErr = 0x80
    }

    /// <summary>Status1Reg bits (9.3.1.8).</summary>
    [Flags]
    public enum Status1 : byte
    {
        /// <summary>None.</summary>
        None = 0,
        /// <summary>FIFO level at or below WaterLevel.</summary>
        LoAlert = 0x01,
        /// <summary>FIFO level at or above 64 - WaterLevel.</summary>
        HiAlert = 0x02,
        /// <summary>The timer is running.</summary>
        TRunning = 0x08,
        /// <summary>An enabled interrupt source requests attention.</summary>
        IRq = 0x10,
        /// <summary>The CRC calculation finished.</summary>
        CRCReady = 0x20,
        /// <summary>The CRC result is zero.</summary>
        CRCOk = 0x40
    }

    /// <summary>BitFramingReg fields (9.3.1.14).</summary>
    [Flags]
    public enum BitFraming : byte
    {
        /// <summary>None.</summary>
        None = 0,
        /// <summary>TxLastBits: valid bits of the last transmitted byte (0 = all 8).</summary>
        TxLastBitsMask = 0x07,
        /// <summary>RxAlign: where the first received bit goes in the first FIFO byte.</summary>
        RxAlignMask = 0x70,
        /// <summary>Starts the transmission of Transceive.</summary>
        StartSend = 0x80
    }

    /// <summary>CollReg fields (9.3.1.15).</summary>
    [Flags]
    public enum Collision : byte
    {
        /// <summary>None.</summary>
        None = 0,
        /// <summary>CollPos: first collided bit, 1..31, 0 = 32nd bit.</summary>
        CollPosMask = 0x1F,
        /// <summary>No collision, or outside the CollPos range.</summary>
        CollPosNotValid = 0x20,
        /// <summary>0: received bits after a collision are cleared.</summary>
        ValuesAfterColl = 0x80
    }

    /// <summary>TxModeReg (9.3.2.3) and RxModeReg (9.3.2.4) fields.</summary>
    [Flags]
    public enum ModeBits : byte
    {
        /// <summary>None.</summary>
        None = 0,
        /// <summary>RxModeReg: RxMultiple.</summary>
        RxMultiple = 0x04,
        /// <summary>RxModeReg: RxNoErr.</summary>
        RxNoErr = 0x08,
        /// <summary>TxSpeed/RxSpeed: 000 106, 001 212, 010 424, 011 848 kBd.</summary>
        SpeedMask = 0x70,
        /// <summary>TxCRCEn / RxCRCEn.</summary>
        CrcEnable = 0x80
    }

    /// <summary>TxControlReg bits (9.3.2.5).</summary>
    [Flags]
    public enum TxControl : byte
    {
        /// <summary>None.</summary>
        None = 0,
        /// <summary>TX1 drives the 13.56 MHz carrier.</summary>
        Tx1RFEn = 0x01,
        /// <summary>TX2 drives the 13.56 MHz carrier.</summary>
        Tx2RFEn = 0x02,
        /// <summary>TX2 inverted when driver TX2 is enabled (reset value).</summary>
        InvTx2RFOn = 0x80
    }

    /// <summary>TModeReg bits (9.3.3.10).</summary>
    [Flags]
    public enum TimerMode : byte
    {
        /// <summary>None.</summary>
        None = 0,
        /// <summary>TPrescaler_Hi, the upper 4 bits of the 12-bit prescaler.</summary>
        PrescalerHighMask = 0x0F,
        /// <summary>Reload and restart at zero instead of stopping.</summary>
        TAutoRestart = 0x10,
        /// <summary>Start at the end of every transmission, stop at the first received bits.</summary>
        TAuto = 0x80
    }
}
