; Inno Setup script: wraps dist\relief_desktop\ (from relief_desktop.spec) into one installer.
; Per-user install (no admin rights needed on a center PC); data stays in %LOCALAPPDATA%.
[Setup]
AppName=街道社会关爱援助中心工作台
AppVersion=0.1.0
AppPublisher=relief_desktop
DefaultDirName={localappdata}\Programs\relief_desktop
DefaultGroupName=关爱援助工作台
PrivilegesRequired=lowest
OutputBaseFilename=relief_desktop-setup
Compression=lzma2
SolidCompression=yes

[Files]
Source: "..\dist\relief_desktop\*"; DestDir: "{app}"; Flags: recursesubdirs

[Icons]
Name: "{group}\关爱援助工作台"; Filename: "{app}\relief_desktop.exe"
Name: "{userdesktop}\关爱援助工作台"; Filename: "{app}\relief_desktop.exe"

[Run]
Filename: "{app}\relief_desktop.exe"; Description: "启动工作台"; Flags: postinstall nowait
